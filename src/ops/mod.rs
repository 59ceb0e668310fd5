//! The operations both faces use: the TUI and the command line call these
//! and nothing below them, so a finding recorded, read or settled either
//! way follows the same rules.

mod bulk;
mod edit;
mod finish;
pub mod followup;
mod identity;
mod records;
mod remove;
mod resolve;
mod unit;
mod view;

pub use bulk::{ItemEdits, appended_note, apply_step};
pub use edit::{Edit, evidence, evidence_id, file_evidence};
pub use finish::{Gap, GapKind, MAX_REASON, finish, finish_check, finish_state, gaps};
pub use identity::{MAX_NAME, inspector, keep_inspector, validate_inspector};
pub use records::{
    add_record, defects_of, group_draw, group_items, group_of, group_plan, group_records,
    group_size, remove_record, set_not_found, toggle_defect,
};
pub use remove::{Removal, select_for, set_removed};
pub use resolve::{Resolution, resolve};
pub use unit::{
    MAX_UNIT_TEXT, UNIT_FIELDS, UnitField, UnitResolution, parse_unit_kind, resolve_unit,
    set_unit_field, unit_fields, unit_value,
};
pub use view::{
    FindingView, Scope, Selector, findings, findings_on_changed_items, for_each_finding,
    inspection_rows, select_inspection, select_inspections,
};

use crate::catalog::{Catalog, Entry};
use crate::core::checklist::{Item, UnitKind};
use crate::core::input::InputError;
use crate::core::text::nfc;
use crate::store::{FindingRow, InspectionInfo, Store, StoreError, WriteOutcome};

/// What an operation refuses, typed so that each face words it in its
/// own language (the English text below is the command line's).
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("unknown checklist \"{0}\"")]
    UnknownChecklist(String),
    #[error("checklist \"{checklist}\" has no item \"{item}\"")]
    UnknownItem { checklist: String, item: String },
    #[error("invalid unit code \"{0}\": use 1–64 printable characters, e.g. \"UBND-XA-VINHHOA\"")]
    UnitCode(String),
    #[error("item {0} is not a sampled check")]
    NotSampled(String),
    #[error("item {0} is not a ratio check")]
    NotRatio(String),
    #[error("a record code needs 1–80 printable characters")]
    RecordCode,
    #[error("invalid inspector name \"{0}\": use 1–80 printable characters")]
    InspectorName(String),
    #[error(
        "invalid inspector name \"{0}\" in the configuration file: use 1–80 printable characters"
    )]
    ConfiguredInspectorName(String),
    #[error("{field} of item {item} has no conflict to resolve; nothing was changed")]
    NoConflict { item: String, field: String },
    #[error("item {item} has no defect type \"{defect}\"; its defect types are: {}", known.join(", "))]
    UnknownDefect {
        item: String,
        defect: String,
        known: Vec<String>,
    },
    #[error("numerator {numerator} is larger than denominator {denominator}")]
    RatioAbove { numerator: u64, denominator: u64 },
    #[error("item {0} declares no sampling rule")]
    NoSamplingRule(String),
    #[error("population {0} is larger than 1,000,000 records")]
    PopulationTooLarge(u32),
    #[error("cannot read evidence file {path}: {reason}")]
    EvidenceFile {
        path: String,
        /// What went wrong, for a face to put in its own words.
        kind: std::io::ErrorKind,
        /// The system's own text of it.
        reason: String,
    },
    #[error("{field}: {source}")]
    Input {
        field: String,
        #[source]
        source: InputError,
    },
    #[error("unknown field \"{0}\"")]
    UnknownField(String),
    #[error("field {field} cannot be written with --value: {why}")]
    NotSettable { field: String, why: &'static str },
    #[error("revision {rev} is not a value of field {field}")]
    NotThisField { rev: String, field: String },
    #[error("no inspection of unit \"{unit}\"{}", if *.with_id { " with that id" } else { "" })]
    NoInspection { unit: String, with_id: bool },
    #[error("no inspection has an id starting with \"{0}\"")]
    NoInspectionId(String),
    #[error("unit \"{unit}\" has several inspections ({})", checklists.join(", "))]
    SeveralInspections {
        unit: String,
        checklists: Vec<String>,
    },
    #[error("unit \"{unit}\" was inspected in several campaigns ({})", campaigns.join(", "))]
    SeveralCampaigns {
        unit: String,
        campaigns: Vec<String>,
    },
    #[error(
        "the inspection of unit \"{unit}\" against checklist \"{checklist}\" is already removed; nothing was changed"
    )]
    AlreadyRemoved { unit: String, checklist: String },
    #[error(
        "the inspection of unit \"{unit}\" against checklist \"{checklist}\" is not removed; nothing was changed"
    )]
    NotRemoved { unit: String, checklist: String },
    #[error("no unit \"{0}\" in this database")]
    UnknownUnit(String),
    #[error(
        "unknown kind of unit \"{0}\"; use a number 1–5 or one of: provincial_department, commune_pc, provincial_service_centre, commune_service_centre, vertical_agency"
    )]
    UnitKind(String),
    #[error("invalid {field} \"{value}\": use 1–200 printable characters")]
    UnitDetail { field: String, value: String },
    #[error("{field} of unit {unit} has no conflict to resolve; nothing was changed")]
    NoUnitConflict { unit: String, field: String },
    #[error("{0} things are still missing; finish anyway with a reason (--reason TEXT)")]
    FinishGaps(usize),
    #[error("a finishing reason needs at most 500 printable characters")]
    FinishReason,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl OpsError {
    /// A hint for the user, where one helps.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            OpsError::UnknownChecklist(_) => {
                Some("`parcheck checklists` lists the available checklists")
            }
            OpsError::UnknownItem { .. } => Some("`parcheck show CHECKLIST_ID` lists its items"),
            OpsError::UnknownField(_) | OpsError::NotThisField { .. } => {
                Some("`parcheck conflicts` lists the conflicted fields and their revisions")
            }
            OpsError::NotSettable { .. } => Some("take one side with --take REV"),
            OpsError::RatioAbove { .. } => Some(
                "the numerator counts records among the denominator's: write it as N/D with N ≤ D, e.g. 35/40",
            ),
            OpsError::NotSampled(_) | OpsError::NotRatio(_) | OpsError::NoSamplingRule(_) => {
                Some("`parcheck show CHECKLIST_ID` shows how each item is checked")
            }
            OpsError::RecordCode => Some("write the record's code as on paper, e.g. HS-2026-0012"),
            OpsError::InspectorName(_) => {
                Some("write your name as it should appear in reports, e.g. Lê Thanh Hùng")
            }
            OpsError::ConfiguredInspectorName(_) => Some(
                "correct `inspector` in config.toml, e.g. inspector = \"Lê Thanh Hùng\", or remove it",
            ),
            OpsError::NoConflict { .. } | OpsError::NoUnitConflict { .. } => {
                Some("`parcheck conflicts` lists the unresolved conflicts")
            }
            OpsError::UnknownUnit(_) => Some("`parcheck findings` lists the recorded units"),
            OpsError::PopulationTooLarge(_) => {
                Some("count the records of the period inspected, at most 1,000,000")
            }
            OpsError::EvidenceFile { .. } => {
                Some("check the path, or give a document number instead of file:PATH")
            }
            OpsError::NoInspection { .. } => Some("`parcheck findings` lists the recorded units"),
            OpsError::NoInspectionId(_) => {
                Some("`parcheck findings --json` shows each finding's inspection id")
            }
            OpsError::SeveralInspections { .. } => Some("choose one with --checklist ID"),
            OpsError::SeveralCampaigns { .. } => {
                Some("choose one with --campaign NAME, or one inspection with --inspection ID")
            }
            OpsError::AlreadyRemoved { .. } => {
                Some("`parcheck restore` brings a removed inspection back")
            }
            OpsError::NotRemoved { .. } => Some("`parcheck remove` removes an inspection"),
            _ => None,
        }
    }

    /// Whether the input was at fault (exit 1) rather than the machine (2).
    pub fn is_invalid_input(&self) -> bool {
        !matches!(self, OpsError::Store(_))
    }

    /// Text typed for `field` that does not parse.
    pub fn input(field: impl Into<String>, source: InputError) -> OpsError {
        OpsError::Input {
            field: field.into(),
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, OpsError>;

/// Who is recording, and in which inspection campaign.
#[derive(Debug, Clone)]
pub struct Actor {
    pub inspector: String,
    pub campaign: String,
}

/// The default campaign: the current year. Two inspectors of the same team
/// recording the same unit and checklist in the same year meet.
pub fn default_campaign() -> String {
    chrono::Local::now().format("%Y").to_string()
}

/// A unit as given by the user when starting an inspection.
#[derive(Debug, Clone, Default)]
pub struct UnitInput {
    pub code: String,
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    pub province: Option<String>,
}

/// Unit codes are typed by people: trimmed, NFC, no control characters.
pub fn validate_unit_code(code: &str) -> Result<String> {
    let c = nfc(code.trim());
    if c.is_empty() || c.chars().count() > 64 || c.chars().any(char::is_control) {
        return Err(OpsError::UnitCode(
            crate::core::text::sanitize_for_terminal(code, false),
        ));
    }
    Ok(c)
}

/// Opens (creating if new) the inspection of a unit against a checklist.
pub fn open_inspection(
    store: &mut Store,
    catalog: &Catalog,
    actor: &Actor,
    checklist_id: &str,
    unit: &UnitInput,
) -> Result<InspectionInfo> {
    let entry = entry(catalog, checklist_id)?;
    let code = validate_unit_code(&unit.code)?;
    let id = store.write(&actor.inspector, |w| {
        w.ensure_unit(
            &code,
            unit.name.as_deref().map(nfc).as_deref(),
            unit.kind,
            unit.province.as_deref().map(nfc).as_deref(),
        )?;
        let id = w.ensure_inspection(&actor.campaign, &code, entry)?;
        // Starting a removed inspection again brings it back, with what
        // was recorded in it.
        w.set_removed(&id, false)?;
        Ok(id)
    })?;
    Ok(store.inspection(&id)?.expect("inspection just written"))
}

pub fn entry<'c>(catalog: &'c Catalog, checklist_id: &str) -> Result<&'c Entry> {
    catalog
        .get(checklist_id)
        .ok_or_else(|| OpsError::UnknownChecklist(checklist_id.to_owned()))
}

pub fn item<'c>(entry: &'c Entry, item_id: &str) -> Result<&'c Item> {
    entry
        .checklist
        .find_item(item_id)
        .map(|(_, i)| i)
        .ok_or_else(|| OpsError::UnknownItem {
            checklist: entry.checklist.id.clone(),
            item: item_id.to_owned(),
        })
}

/// Applies edits to one finding in one transaction. `base` is the finding
/// as the editor last read it (None: the current state).
pub fn apply_edits(
    store: &mut Store,
    actor: &Actor,
    inspection: &InspectionInfo,
    item: &Item,
    edits: &[Edit],
    base: Option<&FindingRow>,
) -> Result<Vec<WriteOutcome>> {
    let mut out = apply_step(
        store,
        actor,
        inspection,
        &[ItemEdits {
            item,
            edits: edits.to_vec(),
            base,
        }],
    )?;
    Ok(out.pop().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::checklist::CheckKind;
    use crate::core::finding::{Field, Status};

    fn setup() -> (Store, Catalog, Actor) {
        let catalog = Catalog::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/checklists/valid"
        ))]);
        let store = Store::open_in_memory().unwrap();
        (
            store,
            catalog,
            Actor {
                inspector: "Nguyễn Văn An".into(),
                campaign: "2026".into(),
            },
        )
    }

    fn first_item(catalog: &Catalog, sampled: bool) -> (String, Item) {
        {
            let (id, e) = catalog.entries.get_key_value("demo").unwrap();
            for (_, it) in e.checklist.items() {
                if matches!(it.kind, CheckKind::Sampled { .. }) == sampled {
                    return (id.clone(), it.clone());
                }
            }
        }
        panic!("no item")
    }

    #[test]
    fn record_then_read_back() {
        let (mut store, catalog, actor) = setup();
        let (cid, item) = first_item(&catalog, true);
        let unit = UnitInput {
            code: "XA-01".into(),
            name: Some("UBND xã Vĩnh Hòa".into()),
            ..Default::default()
        };
        let insp = open_inspection(&mut store, &catalog, &actor, &cid, &unit).unwrap();
        let defect = item.kind.defects()[0].id.clone();
        let out = apply_edits(
            &mut store,
            &actor,
            &insp,
            &item,
            &[
                Edit::Status(Status::Fail),
                Edit::Note("Thiếu giờ giao".into()),
                Edit::Sample {
                    code: "HS-1".into(),
                    defects: vec![defect.clone()],
                },
                Edit::Sample {
                    code: "HS-2".into(),
                    defects: vec![],
                },
            ],
            None,
        )
        .unwrap();
        assert!(out.iter().all(|o| matches!(o, WriteOutcome::Saved { .. })));
        let row = store.finding_row(&insp.id, &item.id).unwrap();
        assert_eq!(row.state.status, Status::Fail);
        assert_eq!(row.state.note, "Thiếu giờ giao");
        assert_eq!(row.state.samples.len(), 2);
        assert_eq!(row.state.defective_count(), 1);
        assert_eq!(row.last_author, "Nguyễn Văn An");
        // The unit's history holds its name, its inspection and its findings.
        let fields: Vec<String> = store
            .history(Some("XA-01"), None)
            .unwrap()
            .into_iter()
            .map(|h| h.field)
            .collect();
        for f in ["name", "checklist", "status", "note", "sample:HS-1"] {
            assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
        }
        assert!(store.history(Some("XA-99"), None).unwrap().is_empty());
        let by_item = store.history(None, Some(&item.id)).unwrap();
        assert_eq!(by_item.len(), 4, "status, note and two samples");
        // The same edit again writes nothing.
        let again = apply_edits(
            &mut store,
            &actor,
            &insp,
            &item,
            &[Edit::Status(Status::Fail)],
            None,
        )
        .unwrap();
        assert_eq!(again, vec![WriteOutcome::Unchanged]);
        let bad = apply_edits(
            &mut store,
            &actor,
            &insp,
            &item,
            &[Edit::Sample {
                code: "X".into(),
                defects: vec!["nope".into()],
            }],
            None,
        );
        assert!(matches!(bad, Err(OpsError::UnknownDefect { .. })));
    }

    #[test]
    fn stale_edit_becomes_a_conflict_not_an_overwrite() {
        let (mut store, catalog, actor) = setup();
        let (cid, item) = first_item(&catalog, false);
        let insp = open_inspection(
            &mut store,
            &catalog,
            &actor,
            &cid,
            &UnitInput {
                code: "XA-02".into(),
                ..Default::default()
            },
        )
        .unwrap();
        apply_edits(
            &mut store,
            &actor,
            &insp,
            &item,
            &[Edit::Status(Status::Pass)],
            None,
        )
        .unwrap();
        let seen = store.finding_row(&insp.id, &item.id).unwrap();
        // Someone else changes it meanwhile.
        let other = Actor {
            inspector: "Trần Thị Bình".into(),
            campaign: "2026".into(),
        };
        apply_edits(
            &mut store,
            &other,
            &insp,
            &item,
            &[Edit::Status(Status::Partial)],
            None,
        )
        .unwrap();
        // Our editor saves against what it saw.
        let out = apply_edits(
            &mut store,
            &actor,
            &insp,
            &item,
            &[Edit::Status(Status::Fail)],
            Some(&seen),
        )
        .unwrap();
        assert!(matches!(out[0], WriteOutcome::ChangedElsewhere { .. }));
        let row = store.finding_row(&insp.id, &item.id).unwrap();
        assert_eq!(row.state.conflicts.len(), 1);
        assert_eq!(row.state.conflicts[0].sides.len(), 2);
        // A resolution settles it.
        resolve(
            &mut store,
            &actor,
            &insp,
            &item,
            &Field::Status,
            &Resolution::Set(Edit::Status(Status::Fail)),
        )
        .unwrap();
        let row = store.finding_row(&insp.id, &item.id).unwrap();
        assert!(row.state.conflicts.is_empty());
        assert_eq!(row.state.status, Status::Fail);
        let hist = store.history(Some("XA-02"), Some(&item.id)).unwrap();
        assert_eq!(hist.len(), 4);
        assert_eq!(hist[3].old_values.len(), 2);
    }

    /// The figures kept incrementally equal a full recomputation.
    #[test]
    fn incremental_stats_match_recomputation() {
        let (mut store, catalog, actor) = setup();
        let entry = catalog.get("demo").unwrap();
        let other = Actor {
            inspector: "Trần Thị Bình".into(),
            campaign: "2026".into(),
        };
        let insp = open_inspection(
            &mut store,
            &catalog,
            &actor,
            "demo",
            &UnitInput {
                code: "XA-S".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let items: Vec<Item> = entry.checklist.items().map(|(_, i)| i.clone()).collect();
        let statuses = [
            Status::Pass,
            Status::Fail,
            Status::Unchecked,
            Status::Na,
            Status::Partial,
        ];
        for step in 0..40usize {
            let item = &items[step % items.len()];
            let who = if step % 3 == 0 { &other } else { &actor };
            let seen = store.finding_row(&insp.id, &item.id).unwrap();
            if step % 7 == 3 {
                // Someone else writes between our read and our save: a conflict.
                apply_edits(
                    &mut store,
                    &other,
                    &insp,
                    item,
                    &[Edit::Status(statuses[(step + 2) % 5])],
                    None,
                )
                .unwrap();
            }
            if step % 11 == 10 {
                // Only a field in conflict can be resolved.
                let in_conflict = store
                    .finding_row(&insp.id, &item.id)
                    .unwrap()
                    .state
                    .conflicts
                    .iter()
                    .any(|c| c.field == "status");
                let resolved = resolve(
                    &mut store,
                    who,
                    &insp,
                    item,
                    &Field::Status,
                    &Resolution::Set(Edit::Status(Status::Fail)),
                );
                match resolved {
                    Ok(_) => assert!(in_conflict),
                    Err(OpsError::NoConflict { .. }) => assert!(!in_conflict),
                    Err(e) => panic!("{e}"),
                }
            }
            apply_edits(
                &mut store,
                who,
                &insp,
                item,
                &[
                    Edit::Status(statuses[step % 5]),
                    Edit::Note(format!("n{step}")),
                ],
                Some(&seen),
            )
            .unwrap();
        }
        let incremental = store.figures(&insp.id);
        assert!(incremental.1 > 0, "the scenario produces conflicts");
        store.recompute_figures(&insp.id);
        assert_eq!(store.figures(&insp.id), incremental);
        let summary = &store.inspections().unwrap()[0];
        // Step 0 is Bình's: authors are listed by first contribution.
        assert_eq!(
            summary.inspectors,
            vec!["Trần Thị Bình".to_owned(), "Nguyễn Văn An".to_owned()]
        );
    }

    /// An observation item's note is its result: it counts in the kept
    /// figures (and their recomputation) as a status does elsewhere.
    #[test]
    fn an_observation_note_counts_as_done() {
        let (mut store, catalog, actor) = setup();
        let entry = catalog.get("demo").unwrap();
        let item = |id: &str| entry.checklist.find_item(id).unwrap().1.clone();
        let insp = open_inspection(
            &mut store,
            &catalog,
            &actor,
            "demo",
            &UnitInput {
                code: "XA-O".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let note = |store: &mut Store, id: &str, text: &str| {
            apply_edits(
                store,
                &actor,
                &insp,
                &item(id),
                &[Edit::Note(text.into())],
                None,
            )
            .unwrap();
        };
        note(&mut store, "D-01", "Sổ để ở phòng khác");
        assert_eq!(
            store.figures(&insp.id).0,
            0,
            "a note alone is no result on a yes/no item"
        );
        note(&mut store, "D-04", "Còn 12 kết quả chưa có người nhận");
        assert_eq!(store.figures(&insp.id).0, 1);
        let done: Vec<_> = findings(&store, &catalog, Scope::Inspection(&insp))
            .unwrap()
            .into_iter()
            .filter(|f| f.done)
            .map(|f| f.item_id)
            .collect();
        assert_eq!(done, ["D-04"]);
        apply_edits(
            &mut store,
            &actor,
            &insp,
            &item("D-04"),
            &[Edit::Status(Status::Na)],
            None,
        )
        .unwrap();
        assert_eq!(store.figures(&insp.id).0, 1, "counted once");
        note(&mut store, "D-04", "");
        assert_eq!(store.figures(&insp.id).0, 1, "the status still counts");
        apply_edits(
            &mut store,
            &actor,
            &insp,
            &item("D-04"),
            &[Edit::Status(Status::Unchecked)],
            None,
        )
        .unwrap();
        assert_eq!(store.figures(&insp.id).0, 0);
        note(&mut store, "D-04", "Ghi nhận lại");
        let incremental = store.figures(&insp.id);
        store.recompute_figures(&insp.id);
        assert_eq!(store.figures(&insp.id), incremental);
        assert_eq!(incremental.0, 1);
    }
}
