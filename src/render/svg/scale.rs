//! The load colour scale: a straight line in OKLab, a colour space built so that equal steps
//! look equal, from near white (no load) to deep blue (the person's whole capacity). Lightness
//! falls evenly along it, so a darker cell always means more load, in colour and in grey print.
//! Over capacity leaves the scale for a red of its own.

/// Fill of a cell whose load is over capacity; white text on it has a contrast above 4.5:1.
pub const OVER: &str = "#c62d1f";
/// Text on [`OVER`].
pub const OVER_TEXT: &str = "#ffffff";

/// OKLab (L, a, b) of no load and of a full load.
const EMPTY: [f64; 3] = [0.97, -0.004, -0.012];
const FULL: [f64; 3] = [0.38, -0.03, -0.13];

/// Steps of the scale above no load: each is a tenth of capacity, so a cell's shade says its
/// load to the nearest 10% and the legend shows every shade there is.
pub const STEPS: u32 = 10;

/// The step of a load: 0 for none, then 1 (up to 10% of capacity) to [`STEPS`] (91–100%).
/// `None` when it is over capacity. A capacity of 0 has no room at all: any load is over.
pub fn step(load: u32, capacity: u32) -> Option<u32> {
    if load > capacity {
        return None;
    }
    if load == 0 {
        return Some(0);
    }
    // Rounded up, so a little load is never drawn as none.
    let scaled = u64::from(load) * u64::from(STEPS);
    Some(u32::try_from(scaled.div_ceil(u64::from(capacity))).unwrap_or(STEPS))
}

/// The colour of a step of the scale.
pub fn step_colour(step: u32) -> String {
    colour(f64::from(step.min(STEPS)) / f64::from(STEPS))
}

/// Black or white, whichever reads better on the colour of `step`.
pub fn text_on(step: u32) -> &'static str {
    let bg = luminance(&step_colour(step));
    // WCAG contrast against white (luminance 1) and against near-black text.
    let on_white = 1.05 / (bg + 0.05);
    let on_dark = (bg + 0.05) / (luminance(DARK_TEXT) + 0.05);
    if on_white >= on_dark {
        "#ffffff"
    } else {
        DARK_TEXT
    }
}

/// The text colour of light cells.
pub const DARK_TEXT: &str = "#18181b";

/// Relative luminance of `#rrggbb` (WCAG 2), 0 for anything else.
pub fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = hex
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f64::from(v) / 255.0);
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// The colour of a load that is `fraction` (clamped to 0–1) of capacity, as `#rrggbb`.
pub fn colour(fraction: f64) -> String {
    let t = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let lab: Vec<f64> = EMPTY
        .iter()
        .zip(FULL)
        .map(|(e, f)| e + (f - e) * t)
        .collect();
    let [r, g, b] = oklab_to_srgb(lab[0], lab[1], lab[2]);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// OKLab to 8-bit sRGB (Björn Ottosson's published matrices), clamped to the sRGB gamut.
fn oklab_to_srgb(l: f64, a: f64, b: f64) -> [u8; 3] {
    let l_ = l + 0.396_337_777_4 * a + 0.215_803_757_3 * b;
    let m_ = l - 0.105_561_345_8 * a - 0.063_854_172_8 * b;
    let s_ = l - 0.089_484_177_5 * a - 1.291_485_548_0 * b;
    let (l3, m3, s3) = (l_.powi(3), m_.powi(3), s_.powi(3));
    let linear = [
        4.076_741_662_1 * l3 - 3.307_711_591_3 * m3 + 0.230_969_929_2 * s3,
        -1.268_438_004_6 * l3 + 2.609_757_401_1 * m3 - 0.341_319_396_5 * s3,
        -0.004_196_086_3 * l3 - 0.703_418_614_7 * m3 + 1.707_614_701_0 * s3,
    ];
    linear.map(|x| {
        let x = x.clamp(0.0, 1.0);
        let encoded = if x <= 0.003_130_8 {
            12.92 * x
        } else {
            1.055 * x.powf(1.0 / 2.4) - 0.055
        };
        // In 0..=255 after the clamp, so the cast cannot wrap.
        (encoded * 255.0).round() as u8
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn darker_means_more_load() {
        let steps: Vec<f64> = (0..=20)
            .map(|i| luminance(&colour(f64::from(i) / 20.0)))
            .collect();
        assert!(steps.windows(2).all(|w| w[1] < w[0]), "{steps:?}");
        assert_eq!(colour(-1.0), colour(0.0));
        assert_eq!(colour(7.0), colour(1.0));
        assert_eq!(colour(f64::NAN), colour(0.0));
    }

    #[test]
    fn steps_round_up_and_over_is_no_step() {
        assert_eq!(step(0, 100), Some(0));
        assert_eq!(step(1, 100), Some(1));
        assert_eq!(step(10, 100), Some(1));
        assert_eq!(step(11, 100), Some(2));
        assert_eq!(step(100, 100), Some(10));
        assert_eq!(step(101, 100), None);
        assert_eq!(step(60, 60), Some(10));
        assert_eq!(step(0, 0), Some(0));
        assert_eq!(step(1, 0), None);
        assert_eq!(step(1000, 1000), Some(10));
    }

    #[test]
    fn text_on_every_step_is_readable() {
        for step in 0..=STEPS {
            let (a, b) = (luminance(text_on(step)), luminance(&step_colour(step)));
            let contrast = (a.max(b) + 0.05) / (a.min(b) + 0.05);
            assert!(contrast >= 4.5, "step {step}: {contrast}");
        }
    }

    #[test]
    fn over_capacity_text_is_readable() {
        let contrast = (luminance(OVER_TEXT) + 0.05) / (luminance(OVER) + 0.05);
        assert!(contrast >= 4.5, "{contrast}");
    }
}
