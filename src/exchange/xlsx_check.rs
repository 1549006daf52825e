//! A workbook's XML checked before calamine reads it: cell and row references that are no cells
//! (calamine panics on them, or sizes a grid from them) and shared-string indexes that are no
//! indexes (calamine reads string 0 for them) are refused, naming the sheet and cell.
//!
//! Every part of the archive is looked at, not only the sheets the workbook lists, so that no
//! path a damaged workbook points calamine to escapes the check.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::text::truncate;

/// The last row Excel has.
pub const MAX_ROW: u32 = 1_048_576;
/// The last column Excel has (`XFD`).
pub const MAX_COLUMN: u32 = 16_384;

/// What in a workbook's XML cannot be read as a sheet, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged {
    /// `Activities!B2`, or the sheet alone where there is no cell to name.
    pub at: String,
    pub message: String,
}

/// Checks every XML part of the workbook in `bytes`. A zip that cannot be opened is left to
/// calamine to refuse.
pub fn check_workbook(bytes: &[u8]) -> Result<(), Damaged> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let names = sheet_names(&mut archive);
    let strings = shared_string_count(&mut archive);
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        let path = part
            .name()
            .map_or_else(|_| format!("part {index}"), std::borrow::Cow::into_owned);
        let sheet = names.get(&path).cloned().unwrap_or(path);
        check_part(BufReader::new(part), &sheet, strings)?;
    }
    Ok(())
}

/// The sheets' names by the path of their part, as the workbook and its relationships give
/// them; parts without a name are named by their path.
fn sheet_names<R: Read + std::io::Seek>(archive: &mut ZipArchive<R>) -> HashMap<String, String> {
    let mut targets: HashMap<String, String> = HashMap::new();
    each_element(archive, "xl/_rels/workbook.xml.rels", &mut |e| {
        if e.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attribute(e, "Id"), attribute(e, "Target"))
        {
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, path);
        }
    });
    let mut names = HashMap::new();
    each_element(archive, "xl/workbook.xml", &mut |e| {
        if e.local_name().as_ref() == "sheet"
            && let (Some(name), Some(id)) = (attribute(e, "name"), attribute(e, "id"))
            && let Some(path) = targets.get(&id)
        {
            names.insert(path.clone(), name);
        }
    });
    names
}

/// How many strings the workbook's shared-string table holds, when it has one.
fn shared_string_count<R: Read + std::io::Seek>(archive: &mut ZipArchive<R>) -> Option<usize> {
    let mut count = 0usize;
    let found = each_element(archive, "xl/sharedStrings.xml", &mut |e| {
        if e.local_name().as_ref() == "si" {
            count += 1;
        }
    });
    found.then_some(count)
}

/// Calls `each` with every start or empty element of the part at `path`, as far as it reads;
/// answers whether the part is there.
fn each_element<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    path: &str,
    each: &mut dyn FnMut(&BytesStart<'_>),
) -> bool {
    let Ok(part) = archive.by_name(path) else {
        return false;
    };
    let mut reader = Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => each(&e),
            Ok(Event::Eof) | Err(_) => return true,
            Ok(_) => {}
        }
    }
}

/// The value of the attribute whose local name (namespace prefix aside) is `name`.
fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// Checks the references and shared-string indexes of one part. XML that does not parse is
/// left to calamine to refuse: only what it would read wrongly is refused here.
fn check_part(
    part: impl std::io::BufRead,
    sheet: &str,
    strings: Option<usize>,
) -> Result<(), Damaged> {
    let mut reader = Reader::from_reader(part);
    let mut buf = Vec::new();
    let mut place = Place::default();
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(event) => event,
        };
        match event {
            Event::Start(e) => place.start(&e, sheet)?,
            Event::Empty(e) => {
                place.start(&e, sheet)?;
                place.end(e.local_name().as_ref(), strings)?;
            }
            Event::Text(text) => place.text(&text.xml10_content()),
            // An entity in an index: no number Excel writes.
            Event::GeneralRef(_) => place.text("&"),
            Event::End(e) => place.end(e.local_name().as_ref(), strings)?,
            Event::CData(_)
            | Event::Comment(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::DocType(_)
            | Event::Eof => {}
        }
    }
}

/// Where a part's reading is, as calamine counts the cells without a reference of their own.
#[derive(Default)]
struct Place {
    /// 0-based row and column of the next cell.
    row: u32,
    column: u32,
    /// The shared-string cell being read: its address, and its value so far.
    shared: Option<(String, String)>,
    in_value: bool,
}

impl Place {
    fn start(&mut self, e: &BytesStart<'_>, sheet: &str) -> Result<(), Damaged> {
        match e.local_name().as_ref() {
            "row" => {
                self.column = 0;
                if let Some(r) = attribute(e, "r") {
                    let number = row_number(&r).ok_or_else(|| Damaged {
                        at: sheet.to_string(),
                        message: not_a_reference("row number", &r),
                    })?;
                    self.row = number - 1;
                }
            }
            "dimension" => {
                if let Some(range) = attribute(e, "ref") {
                    let parts: Vec<&str> = range.split(':').collect();
                    if parts.len() > 2 || parts.iter().any(|p| cell(p).is_none()) {
                        return Err(Damaged {
                            at: sheet.to_string(),
                            message: not_a_reference("sheet size", &range),
                        });
                    }
                }
            }
            "c" => {
                if let Some(r) = attribute(e, "r") {
                    let (row, column) = cell(&r).ok_or_else(|| Damaged {
                        at: format!("{sheet}!{}", truncate(&r, 40)),
                        message: not_a_reference("cell reference", &r),
                    })?;
                    (self.row, self.column) = (row, column);
                }
                let address = format!(
                    "{sheet}!{}{}",
                    super::xlsx_read::column_letters(self.column as usize),
                    u64::from(self.row) + 1
                );
                self.column = self.column.saturating_add(1);
                let is_shared = attribute(e, "t").is_some_and(|t| t == "s");
                self.shared = is_shared.then(|| (address, String::new()));
            }
            "v" => self.in_value = self.shared.is_some(),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if let Some((_, value)) = self.shared.as_mut().filter(|_| self.in_value) {
            value.push_str(text);
        }
    }

    fn end(&mut self, name: &str, strings: Option<usize>) -> Result<(), Damaged> {
        match name {
            "v" => self.in_value = false,
            "c" => {
                if let Some((address, value)) = self.shared.take() {
                    check_index(address, &value, strings)?;
                }
            }
            "row" => {
                self.row = self.row.saturating_add(1);
                self.column = 0;
            }
            _ => {}
        }
        Ok(())
    }
}

/// Refuses a shared-string cell whose value is not an index into the table of `strings`.
fn check_index(at: String, value: &str, strings: Option<usize>) -> Result<(), Damaged> {
    // An empty value is an empty cell, as calamine reads it.
    if value.is_empty() {
        return Ok(());
    }
    let index = value
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| value.parse::<usize>().ok())
        .flatten();
    let message = match (index, strings) {
        (Some(index), Some(count)) if index < count => return Ok(()),
        (Some(index), Some(count)) => format!(
            "the cell's text is shared string {index}, but the workbook has {count}; the \
             workbook is damaged: open it in the spreadsheet and save it again"
        ),
        (Some(_), None) => "the cell's text is a shared string, but the workbook has no \
             shared strings; the workbook is damaged: open it in the spreadsheet and save it \
             again"
            .to_string(),
        (None, _) => format!(
            "the cell's text is shared string {}, which is not a number of one; the workbook \
             is damaged: open it in the spreadsheet and save it again",
            shown(value)
        ),
    };
    Err(Damaged { at, message })
}

/// The message for a reference (`what`) that names no place in a sheet.
fn not_a_reference(what: &str, text: &str) -> String {
    format!(
        "{what} {} is not one (columns run from A to XFD, rows from 1 to 1048576); the \
         workbook is damaged: open it in the spreadsheet and save it again",
        shown(text)
    )
}

/// A text from the file as a message shows it: quoted, printable and short.
fn shown(text: &str) -> String {
    format!("{:?}", truncate(text, 40))
}

/// A row number `1` to `1048576`, digits only.
fn row_number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (1..=MAX_ROW).contains(n))
}

/// A cell reference `A1` to `XFD1048576` (letters in either case) as a 0-based row and column.
fn cell(text: &str) -> Option<(u32, u32)> {
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let (column, row) = text.split_at(letters);
    let column = column.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    (column <= MAX_COLUMN).then_some(())?;
    Some((row_number(row)? - 1, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_run_from_a1_to_xfd1048576() {
        assert_eq!(cell("A1"), Some((0, 0)));
        assert_eq!(cell("b2"), Some((1, 1)));
        assert_eq!(cell("XFD1048576"), Some((1_048_575, 16_383)));
        for bad in [
            "ZZZZZZZ99999999999",
            "XFE1",
            "A1048577",
            "A0",
            "A",
            "1",
            "",
            "A1B",
            "A-1",
            "É1",
        ] {
            assert_eq!(cell(bad), None, "{bad}");
        }
        assert_eq!(row_number("99999999999"), None);
        assert_eq!(row_number("+1"), None);
    }

    #[test]
    fn shared_string_indexes_are_numbers_below_the_count() {
        let at = || "S!B2".to_string();
        assert_eq!(check_index(at(), "2", Some(3)), Ok(()));
        assert_eq!(check_index(at(), "", Some(0)), Ok(()));
        for bad in ["abc", "-1", "3", "99999999999999999999999", " 1", "&"] {
            let err = check_index(at(), bad, Some(3)).unwrap_err();
            assert_eq!(err.at, "S!B2");
        }
        assert!(check_index(at(), "0", None).is_err());
    }
}
