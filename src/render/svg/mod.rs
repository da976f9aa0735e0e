//! SVG pictures drawn by pm: standalone files that render on GitHub (no script, no external
//! font or image) and the same drawings inline in the dashboard.

pub mod heatmap;
pub mod scale;
pub mod timeline;

/// Fonts every system has one of; nothing is downloaded.
pub const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// The average advance of a character of [`FONT`] at size 1: label columns are sized from it,
/// since an SVG file cannot measure text.
const CHAR_WIDTH: f64 = 0.6;

/// About how wide `chars` characters are at `size`.
fn text_width(chars: usize, size: f64) -> f64 {
    chars as f64 * size * CHAR_WIDTH
}

/// How the drawing is used: a file of its own (with the XML declaration) or inside an HTML
/// page, where element ids share the page with everything else and must not clash.
#[derive(Debug, Clone, Copy)]
pub enum Embed<'a> {
    Standalone,
    /// Ids get this prefix.
    Inline(&'a str),
}

impl Embed<'_> {
    fn prefix(&self) -> &str {
        match self {
            Embed::Standalone => "pm",
            Embed::Inline(p) => p,
        }
    }

    /// The opening of the document up to and including `<svg ...>`, labelled for assistive
    /// technology by its `<title>` and `<desc>`.
    fn open(&self, width: f64, height: f64, title: &str, desc: &str) -> String {
        let p = self.prefix();
        let (decl, id) = match self {
            Embed::Standalone => (
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                String::new(),
            ),
            Embed::Inline(p) => ("", format!(" id=\"{p}-svg\"")),
        };
        format!(
            "{decl}<svg{id} xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{p}-title {p}-desc\" \
             font-family=\"{FONT}\" font-size=\"11\">\n<title id=\"{p}-title\">{}</title>\n\
             <desc id=\"{p}-desc\">{}</desc>\n",
            super::markup::Esc(title),
            super::markup::Esc(desc),
        )
    }
}

/// A number for an attribute: whole numbers without a fraction, others to one decimal.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}
