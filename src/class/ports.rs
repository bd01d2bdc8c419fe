//! The class's port range and each student's slice of it: contiguous, in roster order, as big
//! as the lab's published ports, so a student's MLflow or JupyterLab has its own port on every
//! node.

use std::ops::RangeInclusive;

use serde::Serialize;

use crate::lab::Text;

/// `ports = "30000-30999"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortRange {
    pub first: u16,
    pub last: u16,
}

impl PortRange {
    /// `FIRST-LAST`, both 1..=65535, first not above last; the reason when not.
    pub fn parse(text: &str) -> Result<PortRange, Text> {
        let bad = || Text::new(format!("`{text}` no es un rango de puertos"), format!("`{text}` is not a port range"));
        let (a, b) = text.split_once('-').ok_or_else(bad)?;
        let first: u16 = a.trim().parse().map_err(|_| bad())?;
        let last: u16 = b.trim().parse().map_err(|_| bad())?;
        if first == 0 || first > last {
            return Err(Text::new(
                format!("el rango `{text}` está vacío o empieza en 0"),
                format!("the range `{text}` is empty or starts at 0"),
            ));
        }
        Ok(PortRange { first, last })
    }

    pub fn len(&self) -> usize {
        usize::from(self.last - self.first) + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// `students` slices of `each` ports, in order; the reason (with the size needed) when
    /// the range is too small.
    pub fn slices(&self, students: usize, each: usize) -> Result<Vec<PortSlice>, Text> {
        let need = students * each;
        if need > self.len() {
            let last = u32::from(self.first) + need as u32 - 1;
            return Err(Text::new(
                format!(
                    "el rango {}-{} tiene {} puertos; {students} estudiantes × {each} puertos publicados del laboratorio necesitan {need}: amplíelo, por ejemplo `ports = \"{}-{last}\"`",
                    self.first, self.last, self.len(), self.first
                ),
                format!(
                    "the range {}-{} has {} ports; {students} students × the lab's {each} published ports need {need}: widen it, for example `ports = \"{}-{last}\"`",
                    self.first, self.last, self.len(), self.first
                ),
            ));
        }
        Ok((0..students).map(|i| PortSlice { first: self.first + (i * each) as u16, len: each as u16 }).collect())
    }
}

/// One student's ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PortSlice {
    pub first: u16,
    pub len: u16,
}

impl PortSlice {
    /// The `n`th port of the slice (0-based); `None` past its end.
    pub fn port(&self, n: usize) -> Option<u16> {
        (n < usize::from(self.len)).then(|| self.first + n as u16)
    }

    pub fn range(&self) -> RangeInclusive<u16> {
        self.first..=self.first + self.len.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_reads_from_its_text() {
        assert_eq!(PortRange::parse("30000-30999"), Ok(PortRange { first: 30000, last: 30999 }), "the usual form");
        assert_eq!(PortRange::parse("30000-30999").map(|r| r.len()), Ok(1000), "both ends count");
        for bad in ["30000", "a-b", "0-10", "20-10", "1-70000"] {
            assert!(PortRange::parse(bad).is_err(), "{bad:?} is not a range");
        }
    }

    #[test]
    fn each_student_gets_a_contiguous_slice_in_roster_order() {
        let range = PortRange::parse("30000-30009").unwrap();
        let slices = range.slices(3, 3).unwrap();
        assert_eq!(slices.iter().map(|s| s.first).collect::<Vec<_>>(), vec![30000, 30003, 30006], "one after the other");
        assert_eq!(slices[1].port(2), Some(30005), "the third port of the second slice");
        assert_eq!(slices[1].port(3), None, "past the slice");
    }

    #[test]
    fn a_range_too_small_says_how_big_it_must_be() {
        let range = PortRange::parse("30000-30009").unwrap();
        let why = range.slices(4, 3).unwrap_err();
        assert!(why.en.contains("need 12") && why.en.contains("30000-30011"), "the size and a range that fits: {}", why.en);
        assert!(why.es.contains("necesitan 12"), "in Spanish too: {}", why.es);
    }
}
