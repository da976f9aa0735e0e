//! "Did you mean" for misspelt keys and values.

/// A hint is worth a look among this many candidates at most: past it, one unknown name per
/// item times thousands of items would make the check quadratic in the size of the files.
const MAX_CANDIDATES: usize = 100;

/// Characters of each word compared (longer words are not typos of each other anyway), so a
/// hostile 1 MB key costs no more than a short one.
const MAX_CHARS: usize = 128;

/// The candidate closest to `word`, if it is close enough to be a likely typo: an optimal
/// string alignment distance (edits plus swapped neighbours) of at most a third of its length.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: String = word
        .chars()
        .take(MAX_CHARS)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let len = word.chars().count();
    let limit = (len / 3).clamp(1, 3);
    candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        .filter_map(|c| {
            let short: String = c.chars().take(MAX_CHARS).collect();
            // The distance is at least the difference in length: skip the table when that is
            // already too far.
            if len.abs_diff(short.chars().count()) > limit {
                return None;
            }
            let d = strsim::osa_distance(&word, &short);
            (d <= limit).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["allocation", "person", "from", "to"];
        assert_eq!(did_you_mean("alocation", keys), Some("allocation"));
        assert_eq!(did_you_mean("persno", keys), Some("person"));
        assert_eq!(did_you_mean("budget", keys), None);
        assert_eq!(did_you_mean("Form", keys), Some("from"));
    }
}
