//! The programme year: four digits, from 1000 to 9999, read one way and refused with one message
//! wherever a year comes in (a file, a CSV column, the editor, the `new` command).

use std::fmt;

use super::YEARS;

/// A four-digit year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Year(i32);

/// A year that is not four-digit, quoting what was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("year {written} is not a four-digit year (from {} to {})", YEARS.start(), YEARS.end())]
pub struct YearError {
    /// The year as it was written: a number as is, text in quotes.
    pub written: String,
}

impl Year {
    /// A year given as a number.
    pub fn new(year: i64) -> Result<Year, YearError> {
        i32::try_from(year)
            .ok()
            .filter(|y| YEARS.contains(y))
            .map(Year)
            .ok_or_else(|| YearError {
                written: year.to_string(),
            })
    }

    /// A number as written in a file (`2022`, `20222`, `99999999999999999999999`).
    pub fn from_written_number(written: &str) -> Result<Year, YearError> {
        Self::digits(written).ok_or_else(|| YearError {
            written: written.to_string(),
        })
    }

    /// A year typed as text: exactly four digits. `parse` alone would take a sign, and `0999`
    /// has four characters but is year 999.
    pub fn parse(text: &str) -> Result<Year, YearError> {
        Self::digits(text).ok_or_else(|| YearError {
            written: format!("{text:?}"),
        })
    }

    fn digits(text: &str) -> Option<Year> {
        (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<i32>().ok())
            .flatten()
            .filter(|y| YEARS.contains(y))
            .map(Year)
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_digits_make_a_year() {
        assert_eq!(Year::parse("2022").map(Year::get), Ok(2022));
        for bad in ["0999", "+202", "20222", " 2022", ""] {
            assert_eq!(
                Year::parse(bad).unwrap_err().to_string(),
                format!("year {bad:?} is not a four-digit year (from 1000 to 9999)")
            );
        }
        assert_eq!(
            Year::new(99_999).unwrap_err().to_string(),
            "year 99999 is not a four-digit year (from 1000 to 9999)"
        );
        assert_eq!(
            Year::from_written_number("99999999999999999999999")
                .unwrap_err()
                .written,
            "99999999999999999999999"
        );
    }
}
