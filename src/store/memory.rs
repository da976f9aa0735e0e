//! Loading a program from bytes in memory instead of a folder: the same decoding and the same
//! findings as [`super::load`], for the fuzz target and tests that feed arbitrary bytes.

use std::path::PathBuf;

use super::discover::PROGRAM_FILE;
use super::load::{decode_text, stem_of, text_of};
use super::{Loaded, Sources, decode_program, decode_project};

/// Loads `program` as program.toml and each `(path, bytes)` as a project file, where `path`
/// is relative to the root (`projects/x.toml`). Projects are taken in path order, as on disk.
pub fn load_texts(program: &[u8], projects: &[(&str, &[u8])]) -> Loaded {
    let mut sources = Sources::default();
    let (program, mut diagnostics) = decode_text(
        &mut sources,
        PROGRAM_FILE.to_owned(),
        text_of(program.to_vec()),
        decode_program,
    );
    let mut sorted: Vec<&(&str, &[u8])> = projects.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut loaded_projects = Vec::new();
    for (rel, bytes) in sorted {
        let stem = stem_of(rel);
        let (project, diags) = decode_text(
            &mut sources,
            (*rel).to_owned(),
            text_of(bytes.to_vec()),
            |file, text| decode_project(file, text, &stem),
        );
        diagnostics.extend(diags);
        loaded_projects.extend(project);
    }
    Loaded {
        root: PathBuf::new(),
        sources,
        program,
        projects: loaded_projects,
        diagnostics,
    }
}
