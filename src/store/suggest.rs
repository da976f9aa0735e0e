//! "Did you mean" for misspelt keys and values.

/// A hint is worth a look among this many candidates at most: past it, one unknown name per
/// item times thousands of items would make the check quadratic in the size of the files.
const MAX_CANDIDATES: usize = 100;

/// Characters of each word compared (longer words are not typos of each other anyway).
const MAX_CHARS: usize = 128;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word
        .chars()
        .take(MAX_CHARS)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let limit = (word.len() / 3).clamp(1, 3);
    let mut scratch = Scratch::default();
    candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        .filter_map(|c| {
            let d = scratch.distance(&word, c, limit)?;
            Some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Buffers reused across the candidates of one look-up.
#[derive(Default)]
struct Scratch {
    b: Vec<char>,
    d: Vec<usize>,
}

impl Scratch {
    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions) between
    /// `a` and the first [`MAX_CHARS`] characters of `b`, or `None` when it is above `limit`.
    fn distance(&mut self, a: &[char], b: &str, limit: usize) -> Option<usize> {
        self.b.clear();
        self.b.extend(b.chars().take(MAX_CHARS));
        let b = &self.b;
        // Cheap bound first: the distance is at least the difference in length.
        if a.len().abs_diff(b.len()) > limit {
            return None;
        }
        let w = b.len() + 1;
        self.d.clear();
        self.d.resize((a.len() + 1) * w, 0);
        let d = &mut self.d;
        for i in 0..=a.len() {
            d[i * w] = i;
        }
        for (j, cell) in d.iter_mut().enumerate().take(w) {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                d[i * w + j] = v;
            }
        }
        let out = d[a.len() * w + b.len()];
        (out <= limit).then_some(out)
    }
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
