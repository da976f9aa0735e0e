//! Loading a program from bytes in memory instead of a folder: the same decoding and the same
//! findings as [`super::load`], for the fuzz target and tests that feed arbitrary bytes.

use std::path::PathBuf;

use super::Loaded;
use super::discover::PROGRAM_FILE;
use super::load::{assemble, decode_text, program_item, project_item, stem_of, text_of};
use crate::model::FileId;

/// Loads `program` as program.toml and each `(path, bytes)` as a project file, where `path`
/// is relative to the root (`projects/x.toml`). Projects are taken in path order, as on disk.
pub fn load_texts(program: &[u8], projects: &[(&str, &[u8])]) -> Loaded {
    let mut sorted: Vec<&(&str, &[u8])> = projects.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let file_id = |i: usize| FileId(u32::try_from(i).unwrap_or(u32::MAX));
    let mut files = vec![decode_text(
        file_id(0),
        PROGRAM_FILE.to_owned(),
        text_of(program.to_vec()),
        program_item,
    )];
    for (i, (rel, bytes)) in sorted.into_iter().enumerate() {
        files.push(decode_text(
            file_id(i + 1),
            (*rel).to_owned(),
            text_of(bytes.to_vec()),
            project_item(stem_of(rel)),
        ));
    }
    assemble(PathBuf::new(), files)
}
