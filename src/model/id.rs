//! Identifiers are slugs: `^[a-z0-9][a-z0-9-]{0,63}$`.

pub fn is_slug(s: &str) -> bool {
    slug_error(s).is_none()
}

/// Why `s` is not a slug, in words a user can act on; `None` when it is one. A long id is
/// shown cut, so a message stays one line whatever was given.
pub fn slug_error(s: &str) -> Option<String> {
    // Every id of a program is checked: the common case is one pass over the bytes.
    let plain = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
    if (1..=64).contains(&s.len()) && s.as_bytes().iter().all(plain) && !s.starts_with('-') {
        return None;
    }
    if s.is_empty() {
        return Some("an id cannot be empty".into());
    }
    if s.chars().count() > 64 {
        let shown: String = s.chars().take(40).collect();
        return Some(format!(
            "'{shown}…' ({} characters) is longer than 64 characters",
            s.chars().count()
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Some(format!(
            "'{s}' contains {c:?}; an id uses only lower-case letters, digits and '-'"
        ));
    }
    if s.starts_with('-') {
        return Some(format!(
            "'{s}' starts with '-'; an id starts with a letter or digit"
        ));
    }
    None
}

/// A slug made from free text: lower-case ASCII words joined by '-', at most 64 characters.
/// Returns `None` when the text has no letter or digit to build one from.
pub fn slugify(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in text.chars() {
        let c = fold(c);
        match c {
            Some(c) if c.is_ascii_alphanumeric() => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(c.to_ascii_lowercase());
            }
            _ => pending_dash = true,
        }
    }
    if out.len() > 64 {
        out.truncate(64);
        while out.ends_with('-') {
            out.pop();
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

/// Common Latin letters with accents map to their base letter, so "Café" becomes "cafe".
fn fold(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("lander"));
        assert!(is_slug("a-1"));
        assert!(!is_slug(""));
        assert!(!is_slug("../evil"));
        assert!(!is_slug("A B"));
        assert!(!is_slug("-x"));
        assert!(!is_slug(&"a".repeat(65)));
    }

    #[test]
    fn slugify_titles() {
        assert_eq!(
            slugify("Descent engine hot-fire tests").as_deref(),
            Some("descent-engine-hot-fire-tests")
        );
        assert_eq!(slugify("  Café: Über  ").as_deref(), Some("cafe-uber"));
        assert_eq!(slugify("!!!"), None);
        assert!(slugify(&"word ".repeat(40)).is_some_and(|s| s.len() <= 64 && !s.ends_with('-')));
    }
}
