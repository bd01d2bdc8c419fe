//! Sizes as people read them, and the one tolerance every size comparison uses.

use crate::lab::Text;

/// How far below a requirement still counts as *tight* rather than *short*: 10%.
pub const TOLERANCE: f64 = 0.10;

/// How what there is compares with what is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    Enough,
    /// Less than needed, by no more than [`TOLERANCE`].
    Tight,
    Short,
}

/// Compares `have` with `need` under [`TOLERANCE`].
pub fn fit(have: u64, need: u64) -> Fit {
    if have >= need {
        Fit::Enough
    } else if have as f64 >= need as f64 * (1.0 - TOLERANCE) {
        Fit::Tight
    } else {
        Fit::Short
    }
}

const GIB: f64 = (1u64 << 30) as f64;

/// Bytes in GiB with one decimal (`5.8 GiB`; `5,8 GiB` in Spanish), rounded to the nearest
/// tenth.
pub fn gib(bytes: u64) -> Text {
    tenths((bytes as f64 / GIB * 10.0).round())
}

/// What there is, rounded down, so that a shortfall never reads as equal figures
/// ("needs 6.0 GiB, has 6.0 GiB").
pub fn gib_down(bytes: u64) -> Text {
    tenths((u128::from(bytes) * 10 / (1u128 << 30)) as f64)
}

/// What is needed, rounded up, for the same reason.
pub fn gib_up(bytes: u64) -> Text {
    tenths((u128::from(bytes) * 10).div_ceil(1u128 << 30) as f64)
}

fn tenths(t: f64) -> Text {
    let en = format!("{:.1} GiB", t / 10.0);
    Text::new(en.replace('.', ","), en)
}
