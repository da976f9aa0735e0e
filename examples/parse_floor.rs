//! The parse floor: reads program.toml and every `*.toml` below projects/ and parses each into a
//! `toml::Table`, on one thread, and nothing else. No checker that reads the files can be
//! cheaper than this without parallelism, so `pm check` is measured against it.
//!
//!     cargo run --release --example parse_floor -- PROGRAM_DIR

use std::path::{Path, PathBuf};

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.join("program.toml")];
    for entry in walkdir::WalkDir::new(root.join("projects"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() && entry.file_name().to_string_lossy().ends_with(".toml") {
            out.push(entry.into_path());
        }
    }
    out
}

fn main() {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: parse_floor PROGRAM_DIR");
        std::process::exit(2);
    };
    let (mut parsed, mut bytes, mut keys) = (0usize, 0usize, 0usize);
    for path in files(&root) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                std::process::exit(2);
            }
        };
        match text.parse::<toml::Table>() {
            Ok(table) => {
                parsed += 1;
                bytes += text.len();
                keys += table.len();
            }
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                std::process::exit(2);
            }
        }
    }
    println!("parsed {parsed} files, {bytes} bytes, {keys} top-level keys");
}
