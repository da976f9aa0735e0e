//! `--dry-run` of every edit command: the unified diff of every file the edit would change,
//! create or remove, with git's headers, so the output can be read in review or applied with
//! `git apply`. The edit runs exactly as it would for real, so the diff shows the very bytes the
//! command would write.

use similar::TextDiff;

use crate::store::write::FileChange;

/// The diff of every file of a change, in the order the change writes them.
pub fn unified(files: &[FileChange]) -> String {
    let mut out = String::new();
    for f in files {
        let (before, after) = (f.before.as_deref(), f.after.as_deref());
        out.push_str(&format!("diff --git a/{0} b/{0}\n", f.rel));
        match (before, after) {
            (None, Some(_)) => out.push_str("new file mode 100644\n"),
            (Some(_), None) => out.push_str("deleted file mode 100644\n"),
            _ => {}
        }
        let old = before.unwrap_or("");
        let new = after.unwrap_or("");
        if old == new {
            // A new or removed empty file: the headers say it all.
            continue;
        }
        let a = match before {
            Some(_) => format!("a/{}", f.rel),
            None => "/dev/null".to_owned(),
        };
        let b = match after {
            Some(_) => format!("b/{}", f.rel),
            None => "/dev/null".to_owned(),
        };
        let diff = TextDiff::from_lines(old, new);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&a, &b)
                .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(rel: &str, before: Option<&str>, after: Option<&str>) -> FileChange {
        FileChange {
            rel: rel.to_owned(),
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
        }
    }

    #[test]
    fn changed_created_and_removed_files_have_git_headers() {
        let out = unified(&[
            change("a.toml", Some("x = 1\ny = 2\n"), Some("x = 1\ny = 3\n")),
            change("new.toml", None, Some("z = 1\n")),
            change("old.toml", Some("w = 1\n"), None),
            change("projects/.gitkeep", None, Some("")),
        ]);
        assert_eq!(
            out,
            "diff --git a/a.toml b/a.toml\n--- a/a.toml\n+++ b/a.toml\n@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n+y = 3\n\
             diff --git a/new.toml b/new.toml\nnew file mode 100644\n--- /dev/null\n+++ b/new.toml\n@@ -0,0 +1 @@\n+z = 1\n\
             diff --git a/old.toml b/old.toml\ndeleted file mode 100644\n--- a/old.toml\n+++ /dev/null\n@@ -1 +0,0 @@\n-w = 1\n\
             diff --git a/projects/.gitkeep b/projects/.gitkeep\nnew file mode 100644\n"
        );
    }
}
