//! yaml.v3's timestamp check: a plain string that Go's `time.Parse` accepts with one of
//! four layouts reads back as a timestamp, so yaml.v3 quotes it (`"2024-01-02"`).
//!
//! The layouts are `2006-1-2T15:4:5.999999999Z07:00` (also with a lower-case `t`),
//! `2006-1-2 15:4:5.999999999` and `2006-1-2`; this follows `time.Parse`'s rules for those
//! fields: one- or two-digit month, day, hour, minute and second, optional fraction, `Z` or
//! a `±hh:mm` offset, and a day that exists in that month.

/// Whether yaml.v3 would read `s` as a `!!timestamp`.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    [Layout::Zoned(b'T'), Layout::Zoned(b't'), Layout::Local, Layout::Date]
        .into_iter()
        .any(|layout| parses(b, layout))
}

#[derive(Clone, Copy)]
enum Layout {
    /// Date, the separator, time, optional fraction, zone.
    Zoned(u8),
    /// Date, spaces, time, optional fraction.
    Local,
    Date,
}

/// A cursor over the value, as `time.Parse` consumes it.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    fn literal(&mut self, c: u8) -> Option<()> {
        let (&first, rest) = self.rest.split_first()?;
        (first == c).then(|| self.rest = rest)
    }

    /// Go's `getnum(value, false)`: one digit, or two when two follow.
    fn number(&mut self) -> Option<u32> {
        let first = *self.rest.first().filter(|c| c.is_ascii_digit())?;
        let mut n = u32::from(first - b'0');
        let mut used = 1;
        if let Some(second) = self.rest.get(1).filter(|c| c.is_ascii_digit()) {
            n = n * 10 + u32::from(second - b'0');
            used = 2;
        }
        self.rest = &self.rest[used..];
        Some(n)
    }

    /// Go's `getnum(value, true)`: exactly two digits.
    fn two_digits(&mut self) -> Option<u32> {
        match self.rest {
            [a, b, rest @ ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
                self.rest = rest;
                Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
            }
            _ => None,
        }
    }

    /// A space in a Go layout matches any run of spaces, and also the end of the value.
    fn spaces(&mut self) -> Option<()> {
        if self.rest.first().is_some_and(|c| *c != b' ') {
            return None;
        }
        while self.rest.first() == Some(&b' ') {
            self.rest = &self.rest[1..];
        }
        Some(())
    }

    /// `.999999999`: a period or comma and digits, or nothing at all.
    fn fraction(&mut self) {
        if let [b'.' | b',', d, ..] = self.rest
            && d.is_ascii_digit()
        {
            let digits = self.rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            self.rest = &self.rest[1 + digits..];
        }
    }

    /// `Z07:00`: `Z`, or a sign and `hh:mm` with hours up to 24 and minutes up to 60.
    fn zone(&mut self) -> Option<()> {
        if self.literal(b'Z').is_some() {
            return Some(());
        }
        if self.rest.len() < 6 || self.rest[3] != b':' {
            return None;
        }
        let sign = self.rest[0];
        let hours = Cursor { rest: &self.rest[1..3] }.two_digits()?;
        let minutes = Cursor { rest: &self.rest[4..6] }.two_digits()?;
        if hours > 24 || minutes > 60 || !matches!(sign, b'+' | b'-') {
            return None;
        }
        self.rest = &self.rest[6..];
        Some(())
    }
}

fn parses(b: &[u8], layout: Layout) -> bool {
    parse(b, layout).is_some()
}

fn parse(b: &[u8], layout: Layout) -> Option<()> {
    let year: u32 = std::str::from_utf8(&b[..4]).ok()?.parse().ok()?;
    let mut c = Cursor { rest: &b[4..] };
    c.literal(b'-')?;
    let month = c.number()?;
    c.literal(b'-')?;
    let day = c.number()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    match layout {
        Layout::Date => {}
        Layout::Zoned(sep) => {
            c.literal(sep)?;
            time(&mut c)?;
            c.zone()?;
        }
        Layout::Local => {
            c.spaces()?;
            time(&mut c)?;
        }
    }
    if !c.rest.is_empty() || day < 1 || day > days_in(month, year) {
        return None;
    }
    Some(())
}

/// `15:4:5.999999999`
fn time(c: &mut Cursor<'_>) -> Option<()> {
    let hour = c.number()?;
    c.literal(b':')?;
    let minute = c.number()?;
    c.literal(b':')?;
    let second = c.number()?;
    if hour >= 24 || minute >= 60 || second >= 60 {
        return None;
    }
    c.fraction();
    Some(())
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
