//! `parcheck finish`: the list of what is missing, the refusal without a
//! reason, the recorded finish that merges, and the re-opening edit.

mod common;

use common::Env;
use parcheck::core::register::FinishState;
use parcheck::store::Store;

fn state(env: &Env) -> FinishState {
    let store = Store::open(env.db()).unwrap();
    let list = store.inspections().unwrap();
    store.finish_state(&list[0].info.id).unwrap()
}

#[test]
fn finish_lists_what_is_missing_and_refuses_without_a_reason() {
    let env = Env::new().with_fixtures();
    env.record("XA-01", "D-01", "fail", "An", &[]);
    let out = env.run(&["finish", "--unit", "XA-01", "--inspector", "An"]);
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = common::text(out);
    assert!(
        stdout.contains("Cuộc kiểm tra XA-01 · demo còn 4 điểm chưa xong:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  D-01: ghi Không đạt nhưng chưa có ghi chú hay minh chứng\n"),
        "{stdout}"
    );
    assert!(stdout.contains("  D-04: chưa chấm kết quả\n"), "{stdout}");
    assert!(stderr.contains("--reason"), "{stderr}");
    assert_eq!(state(&env), FinishState::Open, "nothing written");
    // In English too.
    let out = env.run(&[
        "--lang",
        "en",
        "finish",
        "--unit",
        "XA-01",
        "--inspector",
        "An",
    ]);
    let (stdout, _) = common::text(out);
    assert!(
        stdout.contains("D-01: marked fail with neither a note nor evidence"),
        "{stdout}"
    );
    // With a reason it is finished, the list still printed.
    let stdout = env.ok(&[
        "finish",
        "--unit",
        "XA-01",
        "--inspector",
        "An",
        "--reason",
        "Đơn vị hẹn gửi bổ sung",
    ]);
    assert!(
        stdout.contains("đã kết thúc cuộc kiểm tra XA-01 · demo dù còn 4 điểm"),
        "{stdout}"
    );
    assert_eq!(
        match state(&env) {
            FinishState::Finished { reason, .. } => reason,
            other => panic!("{other:?}"),
        },
        "Đơn vị hẹn gửi bổ sung"
    );
}

#[test]
fn a_finish_merges_and_an_edit_it_did_not_see_reopens_it() {
    let a = Env::new().with_fixtures();
    for item in ["D-01", "D-02", "D-03", "D-04"] {
        a.record("XA-01", item, "na", "An", &[]);
    }
    let stdout = a.ok(&["finish", "--unit", "XA-01", "--inspector", "An"]);
    assert_eq!(
        stdout,
        "đã kết thúc cuộc kiểm tra XA-01 · demo, ghi tên An\n"
    );
    let bundle = a.path().join("a.parcheck");
    let bundle = bundle.to_str().unwrap();
    a.ok(&["export", "--out", bundle]);
    let lead = Env::new().with_fixtures();
    lead.ok(&["merge", bundle]);
    assert!(
        matches!(state(&lead), FinishState::Finished { .. }),
        "merged"
    );
    // Bình, who had not seen the finish, recorded meanwhile: merged in, the
    // inspection is open again.
    let b = Env::new().with_fixtures();
    b.record("XA-01", "D-01", "fail", "Bình", &["--note", "Không có sổ"]);
    let bb = b.path().join("b.parcheck");
    let bb = bb.to_str().unwrap();
    b.ok(&["export", "--out", bb]);
    lead.ok(&["merge", bb]);
    assert!(matches!(state(&lead), FinishState::Reopened { .. }));
}
