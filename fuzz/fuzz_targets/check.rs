//! Arbitrary bytes as program.toml and as a project file, through load, check, every output
//! format of `pm check`, and the parser the edit commands use. Any panic is a bug.
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
    for text in [program, project] {
        if let Ok(text) = std::str::from_utf8(text) {
            let _ = pm::store::write::parse_document("projects/p.toml", text);
        }
    }
});

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
