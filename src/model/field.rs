//! The field vocabulary: every field of a programme, a cluster and an activity, with its name in
//! files, its kind and its label, listed once ([`FIELDS`]); and the typed value of an activity's
//! or a cluster's field ([`FieldValue`]) with `get`/`set`. Everything that goes field by field
//! (writer and reader, CSV, diff, merge, conflicts, the editor's form) is defined from here.

use std::fmt;

use chrono::NaiveDate;

use super::{Activity, Cluster, Format, PlanDate, Programme, Stage, Status, join_formats};

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
    /// The programme's optional stage in its adoption cycle.
    Stage,
    /// The list of clusters or of activities.
    Children,
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
}

/// Every field, once.
pub const FIELDS: [FieldSpec; 16] = {
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
        spec(F::Formats, "formats", K::Formats, "Formats"),
        spec(F::Status, "status", K::Status, "Status"),
        spec(F::Start, "start", K::Date, "Start"),
        spec(F::End, "end", K::Date, "End"),
        spec(F::FollowUpOf, "follow_up_of", K::FollowUp, "Follows up"),
        spec(F::Notes, "notes", K::MultiLineText, "Notes"),
        spec(F::Stage, "stage", K::Stage, "Stage"),
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
        Field::Clusters,
    ];
    /// The programme's fields a file may leave out (written only when not empty).
    pub const PROGRAMME_OPTIONAL: &[Field] = &[Field::Stage, Field::Notes];
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
    ];
    /// The activity's fields a planner edits (all but the id), in form order.
    pub const EDITABLE: &[Field] = Field::ACTIVITY.split_at(1).1;

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

    /// The field with this name in files.
    pub fn from_name(name: &str) -> Option<Field> {
        FIELDS.iter().find(|s| s.name == name).map(|s| s.field)
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
    /// The programme's stage.
    Stage(Option<Stage>),
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
            FieldValue::Stage(Some(stage)) => stage.as_str().to_string(),
            FieldValue::Date(None)
            | FieldValue::Reference(None)
            | FieldValue::Day(None)
            | FieldValue::Stage(None) => String::new(),
        }
    }
}

/// A value set on a field that does not hold values of its kind (or is not the owner's field).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} cannot hold this value")]
pub struct FieldMismatch {
    pub field: Field,
}

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

fields_of!(Programme, "the programme's own fields (year, title, adopted, stage, notes)" {
    Year => Year(year),
    Title => Text(title),
    Adopted => Day(adopted),
    Stage => Stage(stage),
    Notes => Text(notes),
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
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order_and_names_are_unique() {
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field as usize, i, "{}", spec.name);
            assert_eq!(Field::from_name(spec.name), Some(spec.field));
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
