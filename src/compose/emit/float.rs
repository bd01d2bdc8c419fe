//! Go's float formatting, as each printer uses it.
//!
//! yaml.v3 writes `strconv.FormatFloat(f, 'g', -1, bits)` (exponent form from 1e+06 up and
//! below 1e-4) with YAML's spellings of infinity and NaN; encoding/json writes plain digits
//! between 1e-6 and 1e21 and trims the exponent's leading zero (`1e-7`). Both use the
//! shortest digits that read back as the same value, at the float's own width.

use super::tree::Float;

/// The shortest digits of `f` as `(negative, digits, exponent)` where the value is
/// `0.digits × 10^exponent`; `None` for NaN, infinities and zero.
fn shortest(f: Float) -> Option<(bool, String, i32)> {
    let (text, negative) = match f {
        Float::F32(v) if v.is_finite() && v != 0.0 => (format!("{:e}", v.abs()), v < 0.0),
        Float::F64(v) if v.is_finite() && v != 0.0 => (format!("{:e}", v.abs()), v < 0.0),
        _ => return None,
    };
    let (mantissa, exp) = text.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    Some((negative, digits, exp + 1))
}

fn as_f64(f: Float) -> f64 {
    match f {
        Float::F32(v) => v.into(),
        Float::F64(v) => v,
    }
}

/// `d.ddd` followed by `e±XX` with at least `min_exp_digits` exponent digits.
fn exponent_form(negative: bool, digits: &str, point: i32, min_exp_digits: usize) -> String {
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    let exp = point - 1;
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:0width$}", exp.abs(), width = min_exp_digits));
    out
}

/// Plain decimal digits, no exponent.
fn decimal_form(negative: bool, digits: &str, point: i32) -> String {
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let len = digits.len() as i32;
    if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-point) as usize));
        out.push_str(digits);
    } else if point >= len {
        out.push_str(digits);
        out.push_str(&"0".repeat((point - len) as usize));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

/// `strconv.FormatFloat(f, 'g', -1, bits)` with YAML's `.inf`, `-.inf` and `.nan`.
pub(crate) fn yaml_float(f: Float) -> String {
    let v = as_f64(f);
    if v.is_nan() {
        return ".nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { ".inf".into() } else { "-.inf".into() };
    }
    let Some((negative, digits, point)) = shortest(f) else {
        return if v.is_sign_negative() { "-0".into() } else { "0".into() };
    };
    let exp = point - 1;
    if !(-4..6).contains(&exp) {
        exponent_form(negative, &digits, point, 2)
    } else {
        decimal_form(negative, &digits, point)
    }
}

/// encoding/json's float format; `None` for NaN and infinities, which JSON cannot hold.
pub(crate) fn json_float(f: Float) -> Option<String> {
    let v = as_f64(f);
    if !v.is_finite() {
        return None;
    }
    let Some((negative, digits, point)) = shortest(f) else {
        return Some(if v.is_sign_negative() { "-0".into() } else { "0".into() });
    };
    let exponent = match f {
        Float::F32(v) => !(1e-6..1e21).contains(&v.abs()),
        Float::F64(v) => !(1e-6..1e21).contains(&v.abs()),
    };
    Some(if exponent {
        exponent_form(negative, &digits, point, 1)
    } else {
        decimal_form(negative, &digits, point)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_floats_match_go_g_format() {
        let cases: &[(Float, &str)] = &[
            (Float::F64(0.5), "0.5"),
            (Float::F64(1.0), "1"),
            (Float::F64(1e6), "1e+06"),
            (Float::F64(123456.0), "123456"),
            (Float::F64(1234567.0), "1.234567e+06"),
            (Float::F64(0.0001), "0.0001"),
            (Float::F64(0.00001), "1e-05"),
            (Float::F64(-2.5e-10), "-2.5e-10"),
            (Float::F64(1e100), "1e+100"),
            (Float::F64(0.0), "0"),
            (Float::F64(-0.0), "-0"),
            (Float::F64(f64::INFINITY), ".inf"),
            (Float::F64(f64::NEG_INFINITY), "-.inf"),
            (Float::F64(f64::NAN), ".nan"),
            (Float::F32(0.1), "0.1"),
            (Float::F32(1.5), "1.5"),
            (Float::F64(0.1f32 as f64), "0.10000000149011612"),
        ];
        for (f, want) in cases {
            assert_eq!(yaml_float(*f), *want, "yaml.v3 formats {f:?} with FormatFloat 'g'");
        }
    }

    #[test]
    fn json_floats_match_encoding_json() {
        let cases: &[(Float, Option<&str>)] = &[
            (Float::F64(0.5), Some("0.5")),
            (Float::F64(1e6), Some("1000000")),
            (Float::F64(1e20), Some("100000000000000000000")),
            (Float::F64(1e21), Some("1e+21")),
            (Float::F64(1.5e300), Some("1.5e+300")),
            (Float::F64(0.000001), Some("0.000001")),
            (Float::F64(0.0000001), Some("1e-7")),
            (Float::F64(-1.25e-10), Some("-1.25e-10")),
            (Float::F64(0.0), Some("0")),
            (Float::F32(0.1), Some("0.1")),
            (Float::F64(f64::NAN), None),
            (Float::F64(f64::INFINITY), None),
        ];
        for (f, want) in cases {
            assert_eq!(json_float(*f).as_deref(), *want, "encoding/json formats {f:?}");
        }
    }
}
