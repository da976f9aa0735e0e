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
    let word: Vec<char> = word
        .chars()
        .take(MAX_CHARS)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let len = word.len();
    let limit = (len / 3).clamp(1, 3);
    let mut short = Vec::new();
    candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        .filter_map(|c| {
            short.clear();
            short.extend(c.chars().take(MAX_CHARS));
            // The distance is at least the difference in length: skip the table when that is
            // already too far.
            if len.abs_diff(short.len()) > limit {
                return None;
            }
            osa_within(&word, &short, limit).map(|d| (d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The optimal string alignment distance of `a` and `b` when it is at most `limit`. Only the
/// cells within `limit` of the diagonal can be on such an alignment, so only they are
/// computed: a band, not the whole table.
fn osa_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let far = limit + 1;
    let m = b.len();
    let mut before: Vec<usize> = vec![far; m + 1];
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(far)).collect();
    let mut cur: Vec<usize> = vec![far; m + 1];
    for i in 1..=a.len() {
        cur.fill(far);
        cur[0] = i.min(far);
        let (lo, hi) = (i.saturating_sub(limit).max(1), (i + limit).min(m));
        for j in lo..=hi {
            let (x, y) = (a[i - 1], b[j - 1]);
            let mut d = (cur[j - 1] + 1)
                .min(prev[j] + 1)
                .min(prev[j - 1] + usize::from(x != y));
            if i > 1 && j > 1 && x != y && x == b[j - 2] && y == a[i - 2] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d.min(far);
        }
        // Past this row, every cell is reached from these two rows: when both are out of
        // reach, so is the end.
        if i >= limit && cur.iter().chain(&prev).all(|&d| d >= far) {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[m]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_gives_the_full_distance_within_the_limit() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "bca",
            "allocation",
            "alocation",
            "allocatoin",
            "person",
            "persno",
            "perosn",
            "from",
            "form",
            "to",
            "ot",
            "design-package-0478-3",
            "design-package-0478-4",
            "desing-package-0478-3",
            "ünïcödé",
            "unicode",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = strsim::osa_distance(a, b);
                for limit in 0..=4 {
                    let want = (full <= limit).then_some(full);
                    assert_eq!(osa_within(&ca, &cb, limit), want, "{a} {b} {limit}");
                }
            }
        }
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["allocation", "person", "from", "to"];
        assert_eq!(did_you_mean("alocation", keys), Some("allocation"));
        assert_eq!(did_you_mean("persno", keys), Some("person"));
        assert_eq!(did_you_mean("budget", keys), None);
        assert_eq!(did_you_mean("Form", keys), Some("from"));
    }
}
