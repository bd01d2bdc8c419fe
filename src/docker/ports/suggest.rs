//! Which free port to offer instead of a busy one: the nearest above it that binds, so the
//! student's URL changes as little as possible.

/// How far above the wanted port the search goes.
pub const SEARCH_SPAN: u16 = 1000;

/// The first port above `wanted` (within [`SEARCH_SPAN`]) that is not in `reserved` and for
/// which `binds` says yes.
pub fn next_free(wanted: u16, reserved: &[u16], mut binds: impl FnMut(u16) -> bool) -> Option<u16> {
    let last = wanted.saturating_add(SEARCH_SPAN);
    (wanted.checked_add(1)?..=last).find(|p| !reserved.contains(p) && binds(*p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_port_that_binds_and_is_not_reserved() {
        assert_eq!(next_free(8080, &[], |_| true), Some(8081), "the very next port when it binds");
        assert_eq!(next_free(8080, &[8081], |_| true), Some(8082), "a port the lab wants itself is skipped");
        assert_eq!(next_free(8080, &[], |p| p >= 8085), Some(8085), "busy neighbours are skipped");
    }

    #[test]
    fn the_search_stays_within_its_span_and_the_port_range() {
        assert_eq!(next_free(8080, &[], |p| p == 8080 + SEARCH_SPAN), Some(9080), "the last port of the span counts");
        assert_eq!(next_free(8080, &[], |p| p > 8080 + SEARCH_SPAN), None, "nothing past the span");
        assert_eq!(next_free(u16::MAX, &[], |_| true), None, "nothing above the last port");
        assert_eq!(next_free(65_000, &[], |p| p == u16::MAX), Some(u16::MAX), "the span is cut at the last port");
    }
}
