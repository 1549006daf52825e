//! What an activity carries beyond its plan: who leads it (`leads`), its dated sessions, its
//! outputs, its themes and the programme's own fields; and the short cell forms that put each of
//! them in one spreadsheet cell, written and read by one pair of functions each.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{PlanDate, PlanDateError};

/// Why a word, a value or a cell form of this module cannot be read: the messages `check`,
/// import and the editor's boxes show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OccasionError {
    /// A word that is none of a small enum's (`mode`, `session status`, `output kind`).
    #[error("unknown {what} {word:?}; expected one of {expected}")]
    UnknownWord {
        what: &'static str,
        word: String,
        expected: String,
    },
    #[error("unknown field kind {0:?}; expected text, number, date, url or choice({ellipsis})", ellipsis = crate::text::glyph('…'))]
    UnknownFieldKind(String),
    #[error("{0:?} is not a number (like 12000 or 0.5)")]
    NotNumber(String),
    #[error("{0:?} is not an http(s) address")]
    NotLink(String),
    #[error("{value:?} is not one of {choices}")]
    NotAChoice { value: String, choices: String },
    #[error(transparent)]
    Date(#[from] PlanDateError),
    #[error("session id #{0} is not a whole number")]
    SessionId(String),
    #[error("session #{0} appears twice")]
    SessionTwice(u32),
    #[error("output {0:?} has no title")]
    NoTitle(String),
}

/// How a session is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Online,
    Physical,
    Hybrid,
}

/// Whether a session took place.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum SessionStatus {
    #[default]
    Planned,
    Held,
    Cancelled,
}

/// What kind of thing an activity produced.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum OutputKind {
    Report,
    Paper,
    Toolkit,
    Recording,
    Minutes,
    #[default]
    Other,
}

/// The words of a small enum, in files, cells and messages, declared once per enum.
macro_rules! words {
    ($ty:ty, $what:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in the order pickers offer them.
            pub const ALL: &[$ty] = &[$(<$ty>::$variant),+];

            /// The word in files and cells.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(<$ty>::$variant => $word,)+
                }
            }

            /// The words, for messages: "a, b, c".
            pub fn expected_list() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl FromStr for $ty {
            type Err = OccasionError;

            /// The word, in any case.
            fn from_str(word: &str) -> Result<Self, OccasionError> {
                let lower = word.trim().to_ascii_lowercase();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == lower)
                    .ok_or_else(|| OccasionError::UnknownWord {
                        what: $what,
                        word: word.to_string(),
                        expected: Self::expected_list(),
                    })
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words!(Mode, "mode" { Online => "online", Physical => "physical", Hybrid => "hybrid" });
words!(SessionStatus, "session status" {
    Planned => "planned", Held => "held", Cancelled => "cancelled",
});
words!(OutputKind, "output kind" {
    Report => "report", Paper => "paper", Toolkit => "toolkit", Recording => "recording",
    Minutes => "minutes", Other => "other",
});

/// One dated occurrence of an activity: a meeting, a conference day, a webinar.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Session {
    /// Stable within its activity: given once, never renumbered; merges and calendar UIDs use it.
    pub id: u32,
    pub start: Option<PlanDate>,
    pub end: Option<PlanDate>,
    /// The city, or empty.
    pub place: String,
    /// The country's code (`BE`), or empty.
    pub country: String,
    pub mode: Option<Mode>,
    /// The member (or the Council Presidency's member) hosting it, as a code, or empty.
    pub host: String,
    /// How many took part, in all.
    pub participants: Option<u32>,
    /// Of those, how many online (the rest on site), when counted apart.
    pub online: Option<u32>,
    pub status: SessionStatus,
}

/// Something an activity produced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Output {
    pub kind: OutputKind,
    pub title: String,
    /// An `http(s)` address, or empty.
    pub link: Option<String>,
    pub date: Option<PlanDate>,
}

/// A theme declared at the top of the programme, which activities tag themselves with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub name: String,
}

/// What a planner's own field holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnKind {
    #[default]
    Text,
    Number,
    Date,
    Url,
    /// One of these words.
    Choice(Vec<String>),
}

impl OwnKind {
    /// The kind's word, as files write it (`choice` without its words).
    pub fn word(&self) -> &'static str {
        match self {
            OwnKind::Text => "text",
            OwnKind::Number => "number",
            OwnKind::Date => "date",
            OwnKind::Url => "url",
            OwnKind::Choice(_) => "choice",
        }
    }

    /// The kind as a cell writes it: `number`, `choice(high,medium,low)`.
    pub fn written(&self) -> String {
        match self {
            OwnKind::Choice(words) => format!("choice({})", words.join(",")),
            other => other.word().to_string(),
        }
    }

    /// Reads [`OwnKind::written`].
    pub fn from_word(word: &str) -> Result<OwnKind, OccasionError> {
        let word = word.trim();
        if let Some(words) = word
            .strip_prefix("choice(")
            .and_then(|w| w.strip_suffix(')'))
        {
            return Ok(OwnKind::Choice(
                words.split(',').map(|w| w.trim().to_string()).collect(),
            ));
        }
        match word.to_ascii_lowercase().as_str() {
            "text" => Ok(OwnKind::Text),
            "number" => Ok(OwnKind::Number),
            "date" => Ok(OwnKind::Date),
            "url" => Ok(OwnKind::Url),
            _ => Err(OccasionError::UnknownFieldKind(word.to_string())),
        }
    }

    /// A value of this kind in its one canonical text, or why it is not one.
    pub fn canonical(&self, value: &str) -> Result<String, OccasionError> {
        match self {
            OwnKind::Text => Ok(value.to_string()),
            OwnKind::Number => {
                canonical_number(value).ok_or_else(|| OccasionError::NotNumber(value.to_string()))
            }
            OwnKind::Date => Ok(value.trim().parse::<PlanDate>()?.to_string()),
            OwnKind::Url if is_link(value.trim()) => Ok(value.trim().to_string()),
            OwnKind::Url => Err(OccasionError::NotLink(value.to_string())),
            OwnKind::Choice(words) => words
                .iter()
                .find(|w| w.eq_ignore_ascii_case(value.trim()))
                .cloned()
                .ok_or_else(|| OccasionError::NotAChoice {
                    value: value.to_string(),
                    choices: words.join(", "),
                }),
        }
    }
}

/// A field a programme declares for its activities: `Field(id: "budget", name: "Budget (EUR)",
/// kind: number)`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Field")]
pub struct FieldDecl {
    pub id: String,
    /// The label; the id stands in when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub kind: OwnKind,
}

impl FieldDecl {
    /// The label people read.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// An activity's values of the programme's own fields, by field id.
pub type OwnValues = BTreeMap<String, String>;

/// Whether a text is an `http://` or `https://` address with something after the scheme.
pub fn is_link(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
}

/// The one text of a number: no exponent, no trailing zeros, `.` as the decimal mark, so
/// `12000`, `12000.0` and `1.2E4` are all `12000`. `None` for what is not a finite number.
pub fn canonical_number(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.contains(['_', ' ']) || text.eq_ignore_ascii_case("nan") {
        return None;
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (&digits[..at], digits[at + 1..].parse::<i32>().ok()?),
        None => (digits, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
        || exponent.unsigned_abs() > 400
    {
        return None;
    }
    // Shift the decimal point by the exponent on the digits themselves: no float rounding.
    let all: String = format!("{whole}{fraction}");
    let point = i64::try_from(whole.len()).ok()? + i64::from(exponent);
    let (int_part, frac_part) = if point <= 0 {
        let zeros = usize::try_from(-point).ok()?;
        (String::from("0"), format!("{}{all}", "0".repeat(zeros)))
    } else {
        let point = usize::try_from(point).ok()?;
        if point >= all.len() {
            (
                format!("{all}{}", "0".repeat(point - all.len())),
                String::new(),
            )
        } else {
            (all[..point].to_string(), all[point..].to_string())
        }
    };
    let int_part = int_part.trim_start_matches('0');
    let frac_part = frac_part.trim_end_matches('0');
    let int_part = if int_part.is_empty() { "0" } else { int_part };
    let mut out = String::new();
    if negative && (int_part != "0" || !frac_part.is_empty()) {
        out.push('-');
    }
    out.push_str(int_part);
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
    }
    Some(out)
}

/// The numeric value of a canonical number, to compare (`budget:>10000`).
pub fn number_value(text: &str) -> Option<f64> {
    canonical_number(text)?.parse().ok()
}

/// ISO 3166-1 alpha-2 codes, plus the EU's own spellings and the bodies planners name.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL \
    BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ \
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS \
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR \
    KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU \
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH \
    TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW \
    EL UK ELA ECO";

/// Whether a code names a member or a body a lead or host may be: `FR`, `EL`, `UK`, `EC`, `ELA`,
/// `ECO`. (`EC` is both Ecuador and the Commission; either way it is accepted.)
pub fn is_member_code(code: &str) -> bool {
    match *code.as_bytes() {
        [first @ b'A'..=b'Z', second @ b'A'..=b'Z'] => {
            TWO_LETTER_CODES[usize::from(first - b'A')] & (1 << (second - b'A')) != 0
        }
        [_, _, _] => THREE_LETTER_CODES.contains(&code),
        _ => false,
    }
}

/// The bodies with three letters in [`COUNTRIES`].
const THREE_LETTER_CODES: [&str; 2] = ["ELA", "ECO"];

/// The two-letter codes of [`COUNTRIES`] as one bit per second letter, by first letter: `check`
/// asks for every lead, session country and host, and a walk of the list was half its time.
const TWO_LETTER_CODES: [u32; 26] = two_letter_codes(COUNTRIES.as_bytes());

const fn two_letter_codes(list: &[u8]) -> [u32; 26] {
    let mut bits = [0; 26];
    let mut at = 0;
    while at + 1 < list.len() {
        let (first, second) = (list[at], list[at + 1]);
        let alone = at + 2 == list.len() || list[at + 2] == b' ';
        let starts = at == 0 || list[at - 1] == b' ';
        if starts && alone && first.is_ascii_uppercase() && second.is_ascii_uppercase() {
            bits[(first - b'A') as usize] |= 1 << (second - b'A');
        }
        at += 1;
    }
    bits
}

/// A lead's code and organisation: `BE: Actiris` → (`BE`, `Actiris`), `FR` → (`FR`, empty).
pub fn split_lead(lead: &str) -> (&str, &str) {
    match lead.split_once(':') {
        Some((code, organisation)) => (code.trim(), organisation.trim()),
        None => (lead.trim(), ""),
    }
}

/// What is wrong with a lead, if anything.
pub fn lead_problem(lead: &str) -> Option<String> {
    let (code, _) = split_lead(lead);
    if lead.contains(';') {
        return Some(format!(
            "lead {lead:?} holds a `;`, which separates leads in a cell"
        ));
    }
    (!is_member_code(code)).then(|| {
        format!(
            "lead {lead:?} is not a member code (ISO 3166-1 alpha-2 such as FR, or EL, UK, EC, ELA, \
             ECO), optionally followed by `: organisation`"
        )
    })
}

/// The separator of a list in one cell.
pub const CELL_SEPARATOR: &str = "; ";

/// Joins texts for one cell, a `;` or `\` inside one escaped with `\`.
pub fn join_cell<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (n, item) in items.into_iter().enumerate() {
        if n > 0 {
            out.push_str(CELL_SEPARATOR);
        }
        escape_into(&mut out, item);
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, ';' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Splits a cell at the `;` that are not escaped, each part unescaped and trimmed; empty parts
/// are dropped.
pub fn split_cell(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut part = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ (';' | '\\')) => part.push(next),
                Some(next) => {
                    part.push('\\');
                    part.push(next);
                }
                None => part.push('\\'),
            },
            ';' => out.push(std::mem::take(&mut part)),
            c => part.push(c),
        }
    }
    out.push(part);
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

impl Session {
    /// The session in its cell form: `#1 2022-04-07..2022-04-08 Brussels BE hybrid host:BE
    /// 100+500 held` (a planned status, and whatever is empty, left out).
    pub fn cell(&self) -> String {
        let mut out = format!("#{}", self.id);
        match (self.start, self.end) {
            (Some(s), Some(e)) => {
                let _ = write!(out, " {s}..{e}");
            }
            (Some(s), None) => {
                let _ = write!(out, " {s}");
            }
            (None, Some(e)) => {
                let _ = write!(out, " ..{e}");
            }
            (None, None) => {}
        }
        if !self.place.is_empty() {
            out.push(' ');
            escape_into(&mut out, &self.place);
        }
        for word in [self.country.as_str(), self.mode.map_or("", Mode::as_str)] {
            if !word.is_empty() {
                out.push(' ');
                out.push_str(word);
            }
        }
        if !self.host.is_empty() {
            let _ = write!(out, " host:{}", self.host);
        }
        match (self.participants, self.online) {
            (Some(all), Some(online)) if online <= all => {
                let _ = write!(out, " {}+{online}", all - online);
            }
            (Some(all), _) => {
                let _ = write!(out, " {all}");
            }
            (None, _) => {}
        }
        if self.status != SessionStatus::Planned {
            let _ = write!(out, " {}", self.status);
        }
        out
    }

    /// Reads a session's cell form; `next_id` is the id given to one written without `#N`.
    /// The words after the dates may come in any order; what is none of the others is the city.
    pub fn from_cell(text: &str, next_id: u32) -> Result<Session, OccasionError> {
        let mut session = Session {
            id: next_id,
            ..Session::default()
        };
        let mut words = text.split_whitespace().peekable();
        if let Some(id) = words.peek().and_then(|w| w.strip_prefix('#')) {
            session.id = id
                .parse()
                .map_err(|_| OccasionError::SessionId(id.to_string()))?;
            words.next();
        }
        if let Some(dates) = words.peek().filter(|w| looks_like_dates(w)) {
            let (start, end) = match dates.split_once("..") {
                Some((s, e)) => (s, e),
                None => (*dates, ""),
            };
            let date = |d: &str| -> Result<Option<PlanDate>, PlanDateError> {
                (!d.is_empty()).then(|| d.parse()).transpose()
            };
            session.start = date(start)?;
            session.end = date(end)?;
            words.next();
        }
        let mut place = Vec::new();
        for word in words {
            if let Some(host) = word.strip_prefix("host:") {
                session.host = host.to_string();
            } else if let Ok(mode) = word.parse::<Mode>() {
                session.mode = Some(mode);
            } else if let Ok(status) = word.parse::<SessionStatus>() {
                session.status = status;
            } else if let Some((onsite, online)) = word.split_once('+')
                && let (Ok(onsite), Ok(online)) = (onsite.parse::<u32>(), online.parse::<u32>())
            {
                session.participants = Some(onsite.saturating_add(online));
                session.online = Some(online);
            } else if let Ok(all) = word.parse::<u32>() {
                session.participants = Some(all);
            } else if is_member_code(word) {
                session.country = word.to_string();
            } else {
                place.push(word);
            }
        }
        session.place = place.join(" ");
        Ok(session)
    }
}

/// Whether a word of a session cell is its dates: `2022-04`, `2022-Q2..2022-Q3`, `..2022-05`.
/// Every planning date starts with a year and a `-`, so a bare number (`1000` participants, the
/// `2023` ending a title) is not taken for one.
fn looks_like_dates(word: &str) -> bool {
    let first = word.strip_prefix("..").unwrap_or(word).as_bytes();
    first.len() > 4 && first[..4].iter().all(u8::is_ascii_digit) && first[4] == b'-'
}

impl Output {
    /// The output in its cell form: `report: Title <https://…> 2022-05`. A title that would
    /// be read back as ending in a date or a link (`Report 2023`, `See <annex>`) and has no
    /// link is followed by an empty one, `<>`, which ends the title where it ends.
    pub fn cell(&self) -> String {
        let mut out = format!("{}: ", self.kind);
        escape_into(&mut out, &self.title);
        match &self.link {
            Some(link) => {
                out.push_str(" <");
                escape_into(&mut out, link);
                out.push('>');
            }
            None if self.title_reads_as_more() => out.push_str(" <>"),
            None => {}
        }
        if let Some(date) = self.date {
            let _ = write!(out, " {date}");
        }
        out
    }

    /// Whether the title, written without a link, would be read back as ending in a date (its
    /// last word, when no date follows) or in a link (`<…>`), as [`Output::from_cell`] reads.
    fn title_reads_as_more(&self) -> bool {
        let ends_in_date = self.date.is_none()
            && self
                .title
                .rsplit_once(' ')
                .is_some_and(|(_, last)| looks_like_dates(last));
        ends_in_date || (self.title.ends_with('>') && self.title.contains('<'))
    }

    /// Reads an output's cell form; a text without a known kind before `:` is an `other`.
    pub fn from_cell(text: &str) -> Result<Output, OccasionError> {
        let mut output = Output::default();
        let mut rest = text.trim();
        if let Some((kind, after)) = rest.split_once(':')
            && let Ok(kind) = kind.parse::<OutputKind>()
        {
            output.kind = kind;
            rest = after.trim();
        }
        if let Some((before, last)) = rest.rsplit_once(' ')
            && looks_like_dates(last)
        {
            output.date = Some(last.parse::<PlanDate>()?);
            rest = before.trim_end();
        }
        if let Some(before) = rest.strip_suffix('>')
            && let Some((title, link)) = before.rsplit_once('<')
        {
            // `<>` is no link: it only ends a title that looks as if it went on.
            let link = link.trim();
            output.link = (!link.is_empty()).then(|| link.to_string());
            rest = title.trim_end();
        }
        if rest.is_empty() {
            return Err(OccasionError::NoTitle(text.to_string()));
        }
        output.title = rest.to_string();
        Ok(output)
    }
}

/// Sessions in one cell, `; ` between them.
pub fn sessions_cell(sessions: &[Session]) -> String {
    sessions
        .iter()
        .map(Session::cell)
        .collect::<Vec<_>>()
        .join(CELL_SEPARATOR)
}

/// Reads a sessions cell; a session without `#N` gets the next id free in the cell and in
/// `taken` (the ids the activity had, which are never given again).
pub fn sessions_from_cell(cell: &str, taken: &[Session]) -> Result<Vec<Session>, OccasionError> {
    sessions_typed(cell, taken, None)
}

/// Reads sessions typed as a cell, as [`sessions_from_cell`] does, except that the first one
/// written without `#N` keeps the id `keep` (the session being edited in place keeps its id).
pub fn sessions_typed(
    cell: &str,
    taken: &[Session],
    keep: Option<u32>,
) -> Result<Vec<Session>, OccasionError> {
    let parts = split_cell(cell);
    let mut out: Vec<Session> = Vec::with_capacity(parts.len());
    let written: Vec<u32> = parts
        .iter()
        .filter_map(|p| p.strip_prefix('#')?.split_whitespace().next()?.parse().ok())
        .collect();
    let mut next = taken
        .iter()
        .map(|s| s.id)
        .chain(written.iter().copied())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    for (n, part) in parts.iter().enumerate() {
        let given = match keep {
            Some(id) if n == 0 => id,
            _ => next,
        };
        let session = Session::from_cell(part, given)?;
        if session.id == next {
            next = next.saturating_add(1);
        }
        if out.iter().any(|s| s.id == session.id) {
            return Err(OccasionError::SessionTwice(session.id));
        }
        out.push(session);
    }
    Ok(out)
}

/// Outputs in one cell, `; ` between them.
pub fn outputs_cell(outputs: &[Output]) -> String {
    outputs
        .iter()
        .map(Output::cell)
        .collect::<Vec<_>>()
        .join(CELL_SEPARATOR)
}

/// Reads an outputs cell.
pub fn outputs_from_cell(cell: &str) -> Result<Vec<Output>, OccasionError> {
    split_cell(cell)
        .iter()
        .map(|part| Output::from_cell(part))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn member_codes_are_told_as_a_walk_of_the_list_tells_them() {
        let listed = |code: &str| {
            (2..=3).contains(&code.len())
                && code.bytes().all(|b| b.is_ascii_uppercase())
                && COUNTRIES.split_ascii_whitespace().any(|c| c == code)
        };
        let letters = (b'A'..=b'Z').chain([b'a', b'z', b'0', b' ', b':']);
        let mut codes: Vec<String> = vec![String::new(), "F".into(), "FRA".into(), "ELAS".into()];
        for a in letters.clone() {
            for b in letters.clone() {
                codes.push(String::from_utf8(vec![a, b]).unwrap());
                for c in letters.clone() {
                    codes.push(String::from_utf8(vec![a, b, c]).unwrap());
                }
            }
        }
        codes.extend(["É".into(), "ÉL".into(), "Ü".into()]);
        for code in &codes {
            assert_eq!(is_member_code(code), listed(code), "{code:?}");
        }
        assert!(
            ["FR", "EL", "UK", "EC", "ELA", "ECO", "ZW", "AD"].map(is_member_code) == [true; 8]
        );
    }

    #[test]
    fn numbers_have_one_text() {
        for (written, canonical) in [
            ("12000", "12000"),
            ("12000.0", "12000"),
            ("1.2E4", "12000"),
            ("1.2e-2", "0.012"),
            ("0.50", "0.5"),
            ("-0", "0"),
            ("007", "7"),
            ("-3.10", "-3.1"),
            (".5", "0.5"),
            ("+4", "4"),
        ] {
            assert_eq!(
                canonical_number(written).as_deref(),
                Some(canonical),
                "{written}"
            );
        }
        for bad in ["", "x", "1,5", "1e", "1.2.3", "nan", "1 000", "e5", "."] {
            assert_eq!(canonical_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn session_cells_come_back_whole() {
        let session = Session {
            id: 3,
            start: Some("2024-05-13".parse().unwrap()),
            end: Some("2024-05-15".parse().unwrap()),
            place: "Den Haag".into(),
            country: "NL".into(),
            mode: Some(Mode::Hybrid),
            host: "NL".into(),
            participants: Some(600),
            online: Some(500),
            status: SessionStatus::Held,
        };
        assert_eq!(
            session.cell(),
            "#3 2024-05-13..2024-05-15 Den Haag NL hybrid host:NL 100+500 held"
        );
        assert_eq!(Session::from_cell(&session.cell(), 9), Ok(session));
        let typed = Session::from_cell("2022-11 online", 4).unwrap();
        assert_eq!(typed.id, 4);
        assert_eq!(typed.mode, Some(Mode::Online));
        assert_eq!(typed.start.unwrap().to_string(), "2022-11");
    }

    #[test]
    fn sessions_typed_without_ids_get_the_next_free_ones() {
        let sessions = sessions_from_cell("#2 2022-04; 2022-05 Paris FR; 2022-06", &[]).unwrap();
        let ids: Vec<u32> = sessions.iter().map(|s| s.id).collect();
        assert_eq!(ids, [2, 3, 4]);
        assert_eq!(sessions[1].place, "Paris");
        assert_eq!(sessions[1].country, "FR");
        assert!(sessions_from_cell("#1 2022; #1 2023", &[]).is_err());
    }

    #[test]
    fn output_cells_come_back_whole() {
        let output = Output {
            kind: OutputKind::Recording,
            title: "Plenary; day 1".into(),
            link: Some("https://youtu.be/x".into()),
            date: Some("2024-05".parse().unwrap()),
        };
        assert_eq!(
            output.cell(),
            "recording: Plenary\\; day 1 <https://youtu.be/x> 2024-05"
        );
        assert_eq!(outputs_from_cell(&output.cell()), Ok(vec![output]));
        let plain = Output::from_cell("A paper").unwrap();
        assert_eq!(
            (plain.kind, plain.title.as_str()),
            (OutputKind::Other, "A paper")
        );
    }

    #[test]
    fn an_output_title_ending_like_a_date_or_a_link_stays_a_title() {
        for (title, date, cell) in [
            ("Report 2023", None, "report: Report 2023"),
            ("Annual report 1002", None, "report: Annual report 1002"),
            ("Review 2022-2023", None, "report: Review 2022-2023 <>"),
            ("Plan 2023-Q1", None, "report: Plan 2023-Q1 <>"),
            ("See <annex>", None, "report: See <annex> <>"),
            (
                "See <annex>",
                Some("2022-Q4"),
                "report: See <annex> <> 2022-Q4",
            ),
            (
                "Report 2023",
                Some("2024-05"),
                "report: Report 2023 2024-05",
            ),
        ] {
            let output = Output {
                kind: OutputKind::Report,
                title: title.into(),
                link: None,
                date: date.map(|d| d.parse().unwrap()),
            };
            assert_eq!(output.cell(), cell);
            assert_eq!(Output::from_cell(cell), Ok(output));
        }
        // Typed by a person, the old forms read as before.
        let typed = Output::from_cell("paper: Findings <https://x.eu> 2022-05").unwrap();
        assert_eq!(typed.link.as_deref(), Some("https://x.eu"));
        assert_eq!(typed.date, Some("2022-05".parse().unwrap()));
    }

    fn plan_date() -> impl Strategy<Value = PlanDate> {
        prop_oneof![
            (2000..2100i32, 1..=12u32, 1..=28u32).prop_map(|(y, m, d)| PlanDate::Day(
                chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
            )),
            (2000..2100i32, 1..=12u32).prop_map(|(year, month)| PlanDate::Month { year, month }),
            (2000..2100i32, 1..=4u32)
                .prop_map(|(year, quarter)| PlanDate::Quarter { year, quarter }),
        ]
    }

    fn member() -> impl Strategy<Value = String> {
        proptest::sample::select(vec!["FR", "BE", "EL", "UK", "ECO", "ELA", "EC", "DE"])
            .prop_map(str::to_string)
    }

    proptest! {
        #[test]
        fn any_output_survives_its_cell_form(
            kind in proptest::sample::select(OutputKind::ALL.to_vec()),
            // Any text, often ending in what reads as a date or a link.
            title in ("[^\\p{Cc}]{1,40}", "(| [0-9]{4}(-[0-9A-Z]{1,3})?(\\.\\.[0-9-]{0,8})?| <[^<>]{0,6}>)")
                .prop_filter_map("a title", |(text, end)| {
                    let t = format!("{text}{end}");
                    let t = t.trim();
                    (!t.is_empty()).then(|| t.to_string())
                }),
            link in proptest::option::of("https://[a-z0-9./;?=&#%-]{1,30}"),
            date in proptest::option::of(plan_date()),
        ) {
            let output = Output { kind, title, link, date };
            let cell = outputs_cell(std::slice::from_ref(&output));
            prop_assert_eq!(outputs_from_cell(&cell), Ok(vec![output]), "{}", cell);
        }

        #[test]
        fn any_session_survives_its_cell_form(
            id in 1..1000u32,
            start in proptest::option::of(plan_date()),
            end in proptest::option::of(plan_date()),
            place in "([A-Z][a-zà-ÿ]{1,8}( [A-Z][a-zà-ÿ]{1,8}){0,2})?",
            country in proptest::option::of(member()),
            mode in proptest::option::of(proptest::sample::select(Mode::ALL.to_vec())),
            host in proptest::option::of(member()),
            participants in proptest::option::of((0..5000u32, proptest::option::of(0..5000u32))),
            status in proptest::sample::select(SessionStatus::ALL.to_vec()),
        ) {
            let (participants, online) = match participants {
                Some((all, online)) => (Some(all), online.map(|o| o.min(all))),
                None => (None, None),
            };
            let session = Session {
                id,
                start,
                end,
                place,
                country: country.unwrap_or_default(),
                mode,
                host: host.unwrap_or_default(),
                participants,
                online,
                status,
            };
            let cell = sessions_cell(std::slice::from_ref(&session));
            prop_assert_eq!(sessions_from_cell(&cell, &[]), Ok(vec![session]), "{}", cell);
        }
    }

    #[test]
    fn refusals_say_what_they_said_as_text() {
        let said = |e: OccasionError| e.to_string();
        assert_eq!(
            said("zoom".parse::<Mode>().unwrap_err()),
            "unknown mode \"zoom\"; expected one of online, physical, hybrid"
        );
        assert_eq!(
            said(OwnKind::from_word("money").unwrap_err()),
            "unknown field kind \"money\"; expected text, number, date, url or choice(…)"
        );
        assert_eq!(
            said(OwnKind::Number.canonical("1,5").unwrap_err()),
            "\"1,5\" is not a number (like 12000 or 0.5)"
        );
        assert_eq!(
            said(OwnKind::Url.canonical("ftp://x").unwrap_err()),
            "\"ftp://x\" is not an http(s) address"
        );
        let choice = OwnKind::Choice(vec!["high".into(), "low".into()]);
        assert_eq!(
            said(choice.canonical("mid").unwrap_err()),
            "\"mid\" is not one of high, low"
        );
        assert_eq!(
            said(Session::from_cell("#x 2022", 1).unwrap_err()),
            "session id #x is not a whole number"
        );
        assert_eq!(
            said(sessions_from_cell("#1 2022-04; #1 2023-05", &[]).unwrap_err()),
            "session #1 appears twice"
        );
        assert_eq!(
            said(Output::from_cell("report: ").unwrap_err()),
            "output \"report: \" has no title"
        );
        let bad_date = "2022-13".parse::<PlanDate>().unwrap_err().to_string();
        assert_eq!(
            said(Session::from_cell("2022-13", 1).unwrap_err()),
            bad_date
        );
    }

    #[test]
    fn a_session_edited_in_place_keeps_its_id() {
        let taken = sessions_from_cell("#1 2022-04; #2 2022-05; #7 2022-06", &[]).unwrap();
        let kept = sessions_typed("2022-09 Rome IT", &taken, Some(2)).unwrap();
        assert_eq!(kept[0].id, 2);
        let added = sessions_typed("2022-09; 2022-10", &taken, None).unwrap();
        assert_eq!(added.iter().map(|s| s.id).collect::<Vec<_>>(), [8, 9]);
    }

    #[test]
    fn leads_are_member_codes_with_an_optional_organisation() {
        assert_eq!(lead_problem("BE: Actiris"), None);
        assert_eq!(lead_problem("EL"), None);
        assert_eq!(lead_problem("ELA"), None);
        assert!(lead_problem("XX").is_some());
        assert!(lead_problem("fr").is_some());
        assert!(lead_problem("France").is_some());
    }
}
