//! Embeds the bundled checklists (`checklists/*.toml`) in the binary, so an
//! installed parcheck works without the source tree beside it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("checklists");
    println!("cargo:rerun-if-changed=checklists");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from(
        "/// (file name, contents) of every bundled checklist.\npub static BUNDLED: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        println!("cargo:rerun-if-changed=checklists/{n}");
        let abs = std::fs::canonicalize(dir.join(n)).expect("bundled checklist path");
        writeln!(
            out,
            "    ({n:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR set by cargo"))
        .join("bundled_checklists.rs");
    std::fs::write(dest, out).expect("write bundled list");
}
