//! `-o/--output FILE` of the commands that write a file for another tool: where it may go
//! (checked before anything is computed) and the atomic write.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Ctx;
use crate::cli::OutputArgs;
use crate::store;

/// Where the output goes: `None` for standard output.
pub fn target(ctx: &Ctx, root: &Path, a: &OutputArgs) -> Result<Option<PathBuf>> {
    match &a.output {
        Some(path) => Ok(Some(output_path(ctx, root, path, a.force)?)),
        None => Ok(None),
    }
}

/// Prints `text`, or writes it to `target` atomically and says so on stderr.
pub fn emit(ctx: &Ctx, target: Option<&Path>, text: &str) -> Result<()> {
    match target {
        Some(path) => {
            store::write::write_file(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} ({})", path.display(), size(text.len()));
            Ok(())
        }
        None => ctx.print(text),
    }
}

/// "412 KB", "1.6 MB".
fn size(bytes: usize) -> String {
    match bytes {
        b if b < 10_000 => format!("{b} bytes"),
        b if b < 1_000_000 => format!("{} KB", b / 1000),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

/// A file (not a folder) in a folder that exists, and outside the program folder unless
/// `force`, since a generated file there would be picked up by Git with the program.
fn output_path(ctx: &Ctx, root: &Path, given: &Path, force: bool) -> Result<PathBuf> {
    let path = ctx.cwd.join(given);
    let shown = given.display();
    if path.is_dir() {
        bail!("--output {shown} is a folder; give the name of the file to write");
    }
    let Some(name) = path.file_name() else {
        bail!("--output {shown} names no file; give the name of the file to write");
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    let folder = parent.canonicalize().map_err(|e| {
        anyhow::anyhow!(
            "--output {shown}: the folder {} cannot be used ({e}); create it first",
            parent.display()
        )
    })?;
    let program = root
        .canonicalize()
        .with_context(|| format!("cannot read the program folder {}", root.display()))?;
    if !force && folder.starts_with(&program) {
        bail!(
            "--output {shown} is inside the program folder {}, where Git would pick the generated \
             file up with the program; write it elsewhere, or pass --force to write it there anyway",
            root.display()
        );
    }
    Ok(folder.join(name))
}
