//! Everything that touches the program directory: finding it, loading it with source
//! locations, and writing edits safely.

mod decode;
mod discover;
pub mod format;
mod load;
pub mod locate;
mod memory;
mod portfolio;
mod programs;
mod source;
mod suggest;
pub mod tables;
mod tree;
pub mod write;

use std::path::PathBuf;

pub use decode::{conflict_marker, decode_portfolio, decode_program, decode_project, is_toml};
pub use discover::{
    PORTFOLIO_FILE, PROGRAM_FILE, PROJECTS_DIR, Root, find, find_root, lexical, listed_programs,
    portfolio_above, program_folders,
};
pub use load::{Found, Loaded, Membership, load, load_tree, project_files, read_text};
pub use memory::load_texts;
pub use portfolio::{LoadedPortfolio, Member, load_portfolio, load_portfolio_from};
pub use programs::Programs;
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
    #[error("{}", portfolio_message(.path, .programs))]
    Portfolio {
        path: PathBuf,
        programs: Vec<String>,
    },
    #[error("{} holds both {PROGRAM_FILE} and {PORTFOLIO_FILE}; a portfolio keeps its programs in folders below it, so move one of them", .path.display())]
    Both { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn portfolio_message(path: &std::path::Path, programs: &[String]) -> String {
    let dir = path.display();
    let example = programs.first().map(String::as_str).unwrap_or("PROGRAM");
    let listed = if programs.is_empty() {
        String::new()
    } else {
        format!(" ({})", programs.join(", "))
    };
    format!(
        "{dir} is a portfolio of programs{listed}, and this command works on one program: pick one with --only ID, or run it in the program's folder (pm -C {} …)",
        path.join(example).display()
    )
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
