//! Arbitrary bytes as program.toml and as a project file, through load, check, every output
//! format of `pm check`, and an edit (`pm work add`, the same function the command runs) on
//! the files in memory. Any panic is a bug.
//!
//! Input: `PROGRAM SEPARATOR PROJECT`; without the separator the whole input is the project
//! file and program.toml is a small valid one, so a plain project file is a useful seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SEPARATOR: &[u8] = b"\n#%%project%%\n";

const PROGRAM: &[u8] = include_bytes!("../../tests/fixtures/minimal/program.toml");

fuzz_target!(|data: &[u8]| {
    let (program, project) = match find(data, SEPARATOR) {
        Some(at) => (&data[..at], &data[at + SEPARATOR.len()..]),
        None => (PROGRAM, data),
    };
    let (loaded, diags) = pm::check::check_texts(program, project);
    let _ = pm::render::human::render(&diags, &loaded.sources, false);
    let _ = pm::render::human::render(&diags, &loaded.sources, true);
    let _ = pm::render::json::render(loaded.program_id(), &diags, &loaded.sources);
    let _ = pm::render::github::render(&diags, &loaded.sources);
    let _ = pm::render::sarif::render(&diags, &loaded.sources);
    let tree = pm::store::Tree::in_memory([("program.toml", program), ("projects/p.toml", project)]);
    if let Ok(change) = pm::edit::work::add(&tree, &WORK_ADD) {
        // What an edit writes must load as cleanly as what it read.
        for f in &change.files {
            if let Some(text) = &f.after {
                assert!(pm::store::write::parse_document(&f.rel, text).is_ok(), "{}", f.rel);
            }
        }
    }
});

static WORK_ADD: std::sync::LazyLock<pm::cli::WorkAddArgs> = std::sync::LazyLock::new(|| {
    use clap::Parser;
    let cli = pm::cli::Cli::try_parse_from(["pm", "work", "add", "p", "--title", "Fuzz", "--tags", "a,b"])
        .expect("the fixed command line parses");
    match cli.command {
        pm::cli::Command::Work(pm::cli::WorkCommand::Add(a)) => a,
        _ => unreachable!("pm work add parses as itself"),
    }
});

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
