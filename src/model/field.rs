//! The field vocabulary: every field of a programme, a cluster and an activity, with its name in
//! files, its kind and its label, listed once ([`FIELDS`]); and the typed value of an activity's
//! or a cluster's field ([`FieldValue`]) with `get`/`set`. Everything that goes field by field
//! (writer and reader, CSV, diff, merge, conflicts, the editor's form) is defined from here.

use std::fmt;

use chrono::NaiveDate;

use super::occasion::OwnKind;
use super::{
    Activity, Cluster, FieldDecl, Format, Output, OwnValues, PlanDate, Programme, Session, Stage,
    Status, Theme, join_cell, join_formats, outputs_cell, outputs_from_cell, sessions_cell,
    sessions_from_cell, split_cell,
};

/// A field of a programme, a cluster or an activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Year,
    Title,
    Adopted,
    Clusters,
    Id,
    Name,
    Summary,
    Activities,
    Description,
    Formats,
    Status,
    Start,
    End,
    FollowUpOf,
    Notes,
    Stage,
    Leads,
    Themes,
    Sessions,
    Outputs,
    Values,
    ThemeDecls,
    FieldDecls,
}

/// What kind of value a field holds, which decides how it is read, written and edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A slug naming a cluster or an activity.
    Id,
    /// One line of text.
    Text,
    /// Text of several lines.
    MultiLineText,
    /// A list of formats.
    Formats,
    Status,
    /// An optional planning date (day, month or quarter).
    Date,
    /// An optional `<year>/<activity id>` reference.
    FollowUp,
    /// The programme's four-digit year.
    Year,
    /// An optional day (the adoption date).
    Day,
    /// The list of clusters or of activities.
    Children,
    /// Member codes, each maybe with an organisation (`BE: Actiris`).
    Codes,
    /// Ids of the programme's themes.
    Tags,
    /// Dated sessions with stable ids.
    Sessions,
    /// Outputs: kind, title, link, date.
    Outputs,
    /// Values of the programme's own fields, by field id.
    Values,
    /// The programme's stage.
    Stage,
    /// The programme's declared themes.
    ThemeDecls,
    /// The programme's declared own fields.
    FieldDecls,
}

/// One row of the field table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: Field,
    /// The name in files (RON field, CSV column, conflict line).
    pub name: &'static str,
    pub kind: FieldKind,
    /// The label the editor shows.
    pub label: &'static str,
    /// Whether a file may leave it out: written only when not empty, read as empty when absent.
    pub optional: bool,
    /// Its column's width in a workbook, in characters.
    pub width: u8,
    /// The name `stats --by` groups activities by it under (singular: `format`, `lead`), or
    /// `None` for a field nothing is counted by.
    pub key: Option<&'static str>,
}

/// Every field, once.
pub const FIELDS: [FieldSpec; 23] = {
    use Field as F;
    use FieldKind as K;
    const fn spec(
        field: Field,
        name: &'static str,
        kind: FieldKind,
        label: &'static str,
    ) -> FieldSpec {
        FieldSpec {
            field,
            name,
            kind,
            label,
            optional: false,
            key: None,
            width: match kind {
                K::Status => 10,
                K::Date => 11,
                K::MultiLineText => 44,
                K::Codes | K::Tags => 18,
                K::Sessions | K::Outputs => 48,
                K::Id | K::Text | K::Formats | K::FollowUp => 28,
                K::Year
                | K::Day
                | K::Children
                | K::Values
                | K::Stage
                | K::ThemeDecls
                | K::FieldDecls => 16,
            },
        }
    }
    const fn optional(
        field: Field,
        name: &'static str,
        kind: FieldKind,
        label: &'static str,
    ) -> FieldSpec {
        FieldSpec {
            optional: true,
            ..spec(field, name, kind, label)
        }
    }
    const fn keyed(spec: FieldSpec, key: &'static str) -> FieldSpec {
        FieldSpec {
            key: Some(key),
            ..spec
        }
    }
    [
        spec(F::Year, "year", K::Year, "Year"),
        spec(F::Title, "title", K::Text, "Title"),
        spec(F::Adopted, "adopted", K::Day, "Adopted"),
        spec(F::Clusters, "clusters", K::Children, "Clusters"),
        spec(F::Id, "id", K::Id, "Id"),
        spec(F::Name, "name", K::Text, "Name"),
        spec(F::Summary, "summary", K::MultiLineText, "Summary"),
        spec(F::Activities, "activities", K::Children, "Activities"),
        spec(
            F::Description,
            "description",
            K::MultiLineText,
            "Description",
        ),
        keyed(spec(F::Formats, "formats", K::Formats, "Formats"), "format"),
        keyed(spec(F::Status, "status", K::Status, "Status"), "status"),
        spec(F::Start, "start", K::Date, "Start"),
        spec(F::End, "end", K::Date, "End"),
        spec(F::FollowUpOf, "follow_up_of", K::FollowUp, "Follows up"),
        // Required on an activity, optional on the programme (see `Field::is_optional_in`).
        spec(F::Notes, "notes", K::MultiLineText, "Notes"),
        optional(F::Stage, "stage", K::Stage, "Stage"),
        keyed(optional(F::Leads, "leads", K::Codes, "Leads"), "lead"),
        keyed(optional(F::Themes, "themes", K::Tags, "Themes"), "theme"),
        optional(F::Sessions, "sessions", K::Sessions, "Sessions"),
        optional(F::Outputs, "outputs", K::Outputs, "Outputs"),
        optional(F::Values, "values", K::Values, "Own fields"),
        optional(F::ThemeDecls, "themes", K::ThemeDecls, "Themes"),
        optional(F::FieldDecls, "fields", K::FieldDecls, "Own fields"),
    ]
};

impl Field {
    /// The programme's fields, in file order.
    pub const PROGRAMME: &[Field] = &[
        Field::Year,
        Field::Title,
        Field::Adopted,
        Field::Stage,
        Field::Notes,
        Field::ThemeDecls,
        Field::FieldDecls,
        Field::Clusters,
    ];
    /// A cluster's fields, in file order.
    pub const CLUSTER: &[Field] = &[Field::Id, Field::Name, Field::Summary, Field::Activities];
    /// An activity's fields, in file order.
    pub const ACTIVITY: &[Field] = &[
        Field::Id,
        Field::Title,
        Field::Description,
        Field::Formats,
        Field::Status,
        Field::Start,
        Field::End,
        Field::FollowUpOf,
        Field::Notes,
        Field::Leads,
        Field::Sessions,
        Field::Outputs,
        Field::Themes,
        Field::Values,
    ];
    /// The activity's fields a planner edits (all but the id), in form order.
    pub const EDITABLE: &[Field] = Field::ACTIVITY.split_at(1).1;
    /// The activity's fields before the optional ones: what every activity in a file has.
    pub const ACTIVITY_REQUIRED: &[Field] = Field::ACTIVITY.split_at(9).0;

    /// Whether a file may leave the field out of its owner: the programme's notes, and every
    /// field declared optional.
    pub fn is_optional_in(self, target_fields: &[Field]) -> bool {
        self.spec().optional
            || (self == Field::Notes && std::ptr::eq(target_fields, Field::PROGRAMME))
    }

    /// The field named so among `fields` (the programme's, a cluster's or an activity's: the
    /// programme's `themes` are the declarations, an activity's the tags).
    pub fn named(fields: &[Field], name: &str) -> Option<Field> {
        fields.iter().copied().find(|f| f.as_str() == name)
    }

    const fn spec(self) -> &'static FieldSpec {
        // The table is in declaration order, so the discriminant is the row.
        &FIELDS[self as usize]
    }

    /// The field's name in files.
    pub const fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// The label the editor shows.
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    pub fn kind(self) -> FieldKind {
        self.spec().kind
    }

    /// Its column's width in a workbook, in characters.
    pub fn width(self) -> u8 {
        self.spec().width
    }

    /// The name statistics group by it under, if they do.
    pub fn key(self) -> Option<&'static str> {
        self.spec().key
    }

    /// The field with this name in files, an activity's or a cluster's before the programme's.
    pub fn from_name(name: &str) -> Option<Field> {
        FIELDS.iter().find(|s| s.name == name).map(|s| s.field)
    }

    /// Whether a value of the field is what a file leaves out.
    pub fn is_empty_value(value: &FieldValue) -> bool {
        match value {
            FieldValue::Text(t) => t.is_empty(),
            FieldValue::Formats(v) => v.is_empty(),
            FieldValue::List(v) => v.is_empty(),
            FieldValue::Sessions(v) => v.is_empty(),
            FieldValue::Outputs(v) => v.is_empty(),
            FieldValue::Values(v) => v.is_empty(),
            FieldValue::Themes(v) => v.is_empty(),
            FieldValue::Fields(v) => v.is_empty(),
            FieldValue::Date(d) => d.is_none(),
            FieldValue::Reference(r) => r.is_none(),
            FieldValue::Day(d) => d.is_none(),
            FieldValue::Stage(s) => s.is_none(),
            FieldValue::Status(_) | FieldValue::Year(_) => false,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value of one field of an activity or a cluster, typed by the field's kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// An id, a title, a description, notes, a cluster's name or summary.
    Text(String),
    Formats(Vec<Format>),
    Status(Status),
    Date(Option<PlanDate>),
    /// A `follow_up_of` reference.
    Reference(Option<String>),
    /// The programme's year.
    Year(i32),
    /// The programme's adoption date.
    Day(Option<NaiveDate>),
    /// Leads, or theme ids.
    List(Vec<String>),
    Sessions(Vec<Session>),
    Outputs(Vec<Output>),
    /// Own-field values by field id.
    Values(OwnValues),
    Stage(Option<Stage>),
    /// The programme's themes.
    Themes(Vec<Theme>),
    /// The programme's own fields.
    Fields(Vec<FieldDecl>),
}

impl FieldValue {
    /// The value as plain text, as a CSV cell or a diff shows it: empty for nothing.
    pub fn plain(&self) -> String {
        match self {
            FieldValue::Text(text) | FieldValue::Reference(Some(text)) => text.clone(),
            FieldValue::Formats(formats) => join_formats(formats),
            FieldValue::Status(status) => status.as_str().to_string(),
            FieldValue::Date(Some(date)) => date.to_string(),
            FieldValue::Year(year) => year.to_string(),
            FieldValue::Day(Some(day)) => day.format("%Y-%m-%d").to_string(),
            FieldValue::Date(None)
            | FieldValue::Reference(None)
            | FieldValue::Day(None)
            | FieldValue::Stage(None) => String::new(),
            FieldValue::List(items) => join_cell(items.iter().map(String::as_str)),
            FieldValue::Sessions(sessions) => sessions_cell(sessions),
            FieldValue::Outputs(outputs) => outputs_cell(outputs),
            FieldValue::Values(values) => {
                let pairs: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
                join_cell(pairs.iter().map(String::as_str))
            }
            FieldValue::Stage(Some(stage)) => stage.as_str().to_string(),
            FieldValue::Themes(themes) => {
                let pairs: Vec<String> = themes
                    .iter()
                    .map(|t| format!("{}={}", t.id, t.name))
                    .collect();
                join_cell(pairs.iter().map(String::as_str))
            }
            FieldValue::Fields(fields) => {
                let pairs: Vec<String> = fields
                    .iter()
                    .map(|f| match f.name.as_str() {
                        "" => format!("{}={}", f.id, f.kind.written()),
                        name => format!("{}={}={name}", f.id, f.kind.written()),
                    })
                    .collect();
                join_cell(pairs.iter().map(String::as_str))
            }
        }
    }
}

impl FieldValue {
    /// The items of a list value, each as its cell form shows it (`None` for a single value):
    /// what a diff lists as added and removed. A session or an output changed is one removed
    /// and one added, under its id.
    pub fn items(&self) -> Option<Vec<String>> {
        let items = match self {
            FieldValue::Formats(formats) => formats.iter().map(|f| f.name().to_string()).collect(),
            FieldValue::List(items) => items.clone(),
            FieldValue::Sessions(sessions) => sessions.iter().map(Session::cell).collect(),
            FieldValue::Outputs(outputs) => outputs.iter().map(Output::cell).collect(),
            FieldValue::Values(values) => values.iter().map(|(k, v)| format!("{k}={v}")).collect(),
            FieldValue::Themes(themes) => themes
                .iter()
                .map(|t| format!("{}={}", t.id, t.name))
                .collect(),
            FieldValue::Fields(fields) => fields
                .iter()
                .map(|f| format!("{}={}", f.id, f.kind.written()))
                .collect(),
            FieldValue::Text(_)
            | FieldValue::Status(_)
            | FieldValue::Date(_)
            | FieldValue::Reference(_)
            | FieldValue::Year(_)
            | FieldValue::Day(_)
            | FieldValue::Stage(_) => return None,
        };
        Some(items)
    }
}

impl FieldKind {
    /// Reads a value of this kind from its plain text ([`FieldValue::plain`]), the text a CSV
    /// cell or a conflict line holds. Lists are split at `; `.
    pub fn from_plain(self, text: &str) -> Result<FieldValue, ValueError> {
        let trimmed = text.trim();
        let pairs = || -> Vec<(String, String)> {
            split_cell(text)
                .into_iter()
                .map(|pair| match pair.split_once('=') {
                    Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
                    None => (pair, String::new()),
                })
                .collect()
        };
        let value = match self {
            FieldKind::Id | FieldKind::Text | FieldKind::MultiLineText => {
                FieldValue::Text(text.to_string())
            }
            FieldKind::Formats => FieldValue::Formats(
                text.split(';')
                    .filter(|f| !f.trim().is_empty())
                    .map(Format::parse)
                    .collect(),
            ),
            FieldKind::Status => FieldValue::Status(trimmed.parse()?),
            FieldKind::Date if trimmed.is_empty() => FieldValue::Date(None),
            FieldKind::Date => FieldValue::Date(Some(trimmed.parse()?)),
            FieldKind::FollowUp if trimmed.is_empty() => FieldValue::Reference(None),
            FieldKind::FollowUp => FieldValue::Reference(Some(trimmed.to_string())),
            FieldKind::Year => FieldValue::Year(super::Year::parse(trimmed)?.get()),
            FieldKind::Day if trimmed.is_empty() => FieldValue::Day(None),
            FieldKind::Day => FieldValue::Day(Some(
                NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                    .map_err(|_| ValueError::Day(trimmed.to_string()))?,
            )),
            FieldKind::Children => return Err(ValueError::Children),
            FieldKind::Codes | FieldKind::Tags => FieldValue::List(split_cell(text)),
            FieldKind::Sessions => {
                FieldValue::Sessions(sessions_from_cell(text, &[]).map_err(ValueError::cell)?)
            }
            FieldKind::Outputs => {
                FieldValue::Outputs(outputs_from_cell(text).map_err(ValueError::cell)?)
            }
            FieldKind::Values => FieldValue::Values(pairs().into_iter().collect()),
            FieldKind::Stage if trimmed.is_empty() => FieldValue::Stage(None),
            FieldKind::Stage => FieldValue::Stage(Some(trimmed.parse()?)),
            FieldKind::ThemeDecls => FieldValue::Themes(
                pairs()
                    .into_iter()
                    .map(|(id, name)| Theme { id, name })
                    .collect(),
            ),
            FieldKind::FieldDecls => FieldValue::Fields(
                pairs()
                    .into_iter()
                    .map(|(id, rest)| {
                        let (kind, name) = rest.split_once('=').unwrap_or((&rest, ""));
                        Ok(FieldDecl {
                            id,
                            name: name.to_string(),
                            kind: OwnKind::from_word(kind).map_err(ValueError::cell)?,
                        })
                    })
                    .collect::<Result<_, ValueError>>()?,
            ),
        };
        Ok(value)
    }
}

/// Why a plain text is not a value of a field's kind ([`FieldKind::from_plain`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error(transparent)]
    Status(#[from] super::UnknownStatus),
    #[error(transparent)]
    Date(#[from] super::PlanDateError),
    #[error(transparent)]
    Year(#[from] super::YearError),
    #[error(transparent)]
    Stage(#[from] super::UnknownStage),
    #[error("{0:?} is not a day like 2021-12-10")]
    Day(String),
    #[error("clusters and activities are not one value")]
    Children,
    /// A session, output or own-field kind that its cell form cannot read; the message says
    /// where and what.
    #[error("{0}")]
    Cell(String),
}

impl ValueError {
    /// The cell forms' readers (`model::occasion`) say what is wrong in their own error; kept
    /// as its message, which is all a caller shows of it.
    fn cell(problem: impl std::fmt::Display) -> Self {
        ValueError::Cell(problem.to_string())
    }
}

/// A value set on a field that does not hold values of its kind (or is not the owner's field).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} cannot hold this value")]
pub struct FieldMismatch {
    pub field: Field,
}

/// Whether a value is the empty one a file leaves out of an optional field.
trait Blank {
    fn is_blank(&self) -> bool;
}

impl Blank for String {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Blank for Vec<T> {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Blank for Option<T> {
    fn is_blank(&self) -> bool {
        self.is_none()
    }
}

impl Blank for OwnValues {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

/// Values that are never left out.
macro_rules! never_blank {
    ($($ty:ty),+) => {
        $(impl Blank for $ty {
            fn is_blank(&self) -> bool {
                false
            }
        })+
    };
}
never_blank!(Status, i32);

/// `get` and `set` of a thing's fields, from one line per field: the field, the kind of value
/// it holds and the member that holds it.
macro_rules! fields_of {
    ($owner:ty, $what:literal { $($field:ident => $variant:ident($member:ident)),+ $(,)? }) => {
        impl $owner {
            #[doc = concat!("The value of one of ", $what, "; `None` for a field it does not have.")]
            pub fn get(&self, field: Field) -> Option<FieldValue> {
                match field {
                    $(Field::$field => Some(FieldValue::$variant(Clone::clone(&self.$member))),)+
                    _ => None,
                }
            }

            #[doc = concat!("Whether one of ", $what, " is the same in both, without copying it.")]
            pub fn same(&self, other: &Self, field: Field) -> bool {
                match field {
                    $(Field::$field => self.$member == other.$member,)+
                    _ => true,
                }
            }

            #[doc = concat!("Whether one of ", $what, " is empty (what a file leaves out), without copying it.")]
            pub fn is_blank(&self, field: Field) -> bool {
                match field {
                    $(Field::$field => Blank::is_blank(&self.$member),)+
                    _ => true,
                }
            }

            #[doc = concat!("Copies one of ", $what, " from another; a field it does not have stays.")]
            pub fn copy_from(&mut self, other: &Self, field: Field) {
                match field {
                    $(Field::$field => self.$member.clone_from(&other.$member),)+
                    _ => {}
                }
            }

            #[doc = concat!("Sets one of ", $what, " and answers the value it had, moved out, not copied; a value of the wrong kind changes nothing.")]
            pub fn replace(&mut self, field: Field, value: FieldValue) -> Result<FieldValue, FieldMismatch> {
                match (field, value) {
                    $((Field::$field, FieldValue::$variant(value)) => {
                        Ok(FieldValue::$variant(std::mem::replace(&mut self.$member, value)))
                    })+
                    (field, _) => Err(FieldMismatch { field }),
                }
            }

            #[doc = concat!("Sets one of ", $what, "; a value of the wrong kind changes nothing.")]
            pub fn set(&mut self, field: Field, value: FieldValue) -> Result<(), FieldMismatch> {
                match (field, value) {
                    $((Field::$field, FieldValue::$variant(value)) => self.$member = value,)+
                    (field, _) => return Err(FieldMismatch { field }),
                }
                Ok(())
            }
        }
    };
}

fields_of!(Programme, "the programme's own fields ([`Field::PROGRAMME`] but the clusters)" {
    Year => Year(year),
    Title => Text(title),
    Adopted => Day(adopted),
    Stage => Stage(stage),
    Notes => Text(notes),
    ThemeDecls => Themes(themes),
    FieldDecls => Fields(fields),
});

fields_of!(Cluster, "a cluster's own fields (id, name, summary)" {
    Id => Text(id),
    Name => Text(name),
    Summary => Text(summary),
});

fields_of!(Activity, "an activity's fields ([`Field::ACTIVITY`])" {
    Id => Text(id),
    Title => Text(title),
    Description => Text(description),
    Formats => Formats(formats),
    Status => Status(status),
    Start => Date(start),
    End => Date(end),
    FollowUpOf => Reference(follow_up_of),
    Notes => Text(notes),
    Leads => List(leads),
    Themes => List(themes),
    Sessions => Sessions(sessions),
    Outputs => Outputs(outputs),
    Values => Values(values),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order_and_names_are_unique() {
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field as usize, i, "{}", spec.name);
        }
        for fields in [Field::PROGRAMME, Field::CLUSTER, Field::ACTIVITY] {
            for field in fields {
                assert_eq!(Field::named(fields, field.as_str()), Some(*field));
            }
        }
    }

    #[test]
    fn every_activity_field_reads_and_writes_back() {
        let mut a = Activity::new("a", "A");
        a.notes = "n".into();
        let copy = a.clone();
        let mut b = Activity::new("b", "B");
        for field in Field::ACTIVITY {
            let value = copy.get(*field).unwrap();
            b.set(*field, value).unwrap();
        }
        assert_eq!(b, a);
        assert!(a.get(Field::Year).is_none());
        assert_eq!(
            a.set(Field::Status, FieldValue::Text("x".into())),
            Err(FieldMismatch {
                field: Field::Status
            })
        );
    }
}
