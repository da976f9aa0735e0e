//! Loading a program from bytes in memory instead of a folder: the same decoding and the same
//! findings as [`super::load`], for the fuzz target and tests that feed arbitrary bytes.

use super::discover::PROGRAM_FILE;
use super::{Loaded, Tree, load_tree};

/// Loads `program` as program.toml and each `(path, bytes)` as a project file, where `path`
/// is relative to the root (`projects/x.toml`). Projects are taken in path order, as on disk.
pub fn load_texts(program: &[u8], projects: &[(&str, &[u8])]) -> Loaded {
    let tree =
        Tree::in_memory(std::iter::once((PROGRAM_FILE, program)).chain(projects.iter().copied()));
    // Reading memory cannot fail; an empty program is the only fallback needed.
    load_tree(&tree).unwrap_or_else(|_| Loaded {
        root: Default::default(),
        sources: Default::default(),
        program: None,
        projects: Vec::new(),
        diagnostics: Vec::new(),
        portfolio: None,
    })
}
