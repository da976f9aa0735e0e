//! Everything that touches the program directory: finding it, loading it with source
//! locations, and writing edits safely.

mod decode;
mod discover;
pub mod format;
mod load;
pub mod locate;
mod memory;
mod source;
mod suggest;
pub mod tables;
mod tree;
pub mod write;

use std::path::PathBuf;

pub use decode::{conflict_marker, decode_program, decode_project};
pub use discover::{PROGRAM_FILE, PROJECTS_DIR, find_root};
pub use load::{Found, Loaded, load, load_tree, project_files, read_text};
pub use memory::load_texts;
pub use source::{LineCol, SourceFile, Sources};
pub use suggest::did_you_mean;
pub use tree::Tree;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", no_program_message(.searched, *.walked))]
    NoProgram { searched: PathBuf, walked: bool },
    #[error("{} is {what}; program.toml must be a file (move it away, or run `pm init` elsewhere)", .path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "{PROJECTS_DIR} is not a folder; project files live in the folder {PROJECTS_DIR}/ of the program, so move that file away"
    )]
    ProjectsNotAFolder { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn no_program_message(searched: &std::path::Path, walked: bool) -> String {
    if walked {
        format!(
            "no {PROGRAM_FILE} found in {} or any folder above it; run `pm init` to start a program, \
             or point pm at one with -C DIR or PM_PROGRAM",
            searched.display()
        )
    } else {
        format!(
            "no {PROGRAM_FILE} in {}; run `pm init {}` to start a program there",
            searched.display(),
            searched.display()
        )
    }
}
