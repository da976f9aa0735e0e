//! Splits a program written by `gen_program` into a portfolio of N programs holding the very same
//! project files, for the portfolio benchmark: `pm check` over the portfolio against `pm check`
//! over the one program.
//!
//!     cargo run --release --example split_portfolio -- PROGRAM_DIR N OUT_DIR
//!
//! Every `[[person]]` of program.toml moves to the shared pool of OUT_DIR/portfolio.toml; each
//! program pNN gets program.toml's other tables (its id made unique) and every N-th project file,
//! at the same path under its own folder.

use std::path::{Path, PathBuf};

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(2);
}

/// The text split before each line that opens a table (`[x]` or `[[x]]`), with the header.
fn tables(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![(String::new(), String::new())];
    for line in text.split_inclusive('\n') {
        if line.starts_with('[') {
            out.push((line.trim().to_owned(), String::new()));
        }
        if let Some(last) = out.last_mut() {
            last.1.push_str(line);
        }
    }
    out
}

fn project_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("projects"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        fail(&format!("{}: {e}", dir.display()));
    }
    if let Err(e) = std::fs::write(path, text) {
        fail(&format!("{}: {e}", path.display()));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [program, n, out] = args.as_slice() else {
        fail("usage: split_portfolio PROGRAM_DIR N OUT_DIR");
    };
    let program = PathBuf::from(program);
    let out = PathBuf::from(out);
    let n: usize = n
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or_else(|| fail("N is a whole number above 0"));
    if out.join("portfolio.toml").exists() {
        fail(&format!("{} already holds a portfolio", out.display()));
    }
    let text = std::fs::read_to_string(program.join("program.toml"))
        .unwrap_or_else(|e| fail(&format!("{}/program.toml: {e}", program.display())));

    let names: Vec<String> = (1..=n).map(|k| format!("p{k:02}")).collect();
    let mut pool = String::new();
    let mut rest = String::new();
    for (header, body) in tables(&text) {
        if header == "[[person]]" {
            pool.push_str(&body);
        } else {
            rest.push_str(&body);
        }
    }
    let quoted: Vec<String> = names.iter().map(|p| format!("\"{p}\"")).collect();
    write(
        &out.join("portfolio.toml"),
        &format!(
            "[portfolio]\nid = \"synthetic-portfolio\"\nname = \"Synthetic Portfolio\"\nprograms = [{}]\n\n{pool}",
            quoted.join(", ")
        ),
    );
    for name in &names {
        let own = rest.replacen("id = \"synthetic\"", &format!("id = \"{name}\""), 1);
        write(&out.join(name).join("program.toml"), &own);
    }
    for (i, file) in project_files(&program).iter().enumerate() {
        let rel = file
            .strip_prefix(&program)
            .unwrap_or_else(|_| fail("a project file outside the program"));
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())));
        write(&out.join(&names[i % n]).join(rel), &text);
    }
    println!("wrote a portfolio of {n} programs to {}", out.display());
}
