//! The decoder: from the syntax tree to a programme and its source map, collecting every
//! problem rather than stopping at the first.

use std::collections::HashSet;

use super::SourceMap;
use super::syntax::{Kind, Name, Node};
use crate::model::{
    Activity, Cell, Cluster, Field, FieldDecl, FieldKind, FieldValue, Format, Item, Location, Mode,
    Output, OutputKind, OwnKind, OwnValues, PlanDate, Problem, Programme, Session, SessionStatus,
    Stage, Status, Target, Theme, Within, YEARS, Year,
};
use crate::store::diagnostic::{Diagnostic, Span};
use crate::text::{drawn, glyph};

/// The parts of a session, as files name them.
pub(super) const SESSION_PARTS: &[&str] = &[
    "id",
    "start",
    "end",
    "place",
    "country",
    "mode",
    "host",
    "participants",
    "online",
    "status",
];

/// The parts of an output, as files name them.
pub(super) const OUTPUT_PARTS: &[&str] = &["kind", "title", "link", "date"];

/// Turns the syntax tree into a programme, collecting every problem rather than the first.
#[derive(Default)]
pub(super) struct Decoder<'t> {
    /// The text decoded, to quote values as they were written.
    text: &'t str,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) source_map: SourceMap,
    /// Places whose value could not be read (a field, or a whole cluster or activity).
    failed: HashSet<Location>,
    /// Items of list fields that could not be read (a placeholder stands in for each).
    failed_items: HashSet<(Location, usize)>,
}

/// The fields of one struct, found by name.
struct Fields<'a> {
    /// At most a dozen fields: a list beats hashing.
    by_name: Vec<(&'a str, &'a Node)>,
    span: Span,
}

impl<'t> Decoder<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Decoder {
            text,
            ..Decoder::default()
        }
    }

    /// Whether a problem found on the partial programme is about something that could not be
    /// read (and so was already reported).
    pub(super) fn failed_at(&self, location: &Location) -> bool {
        let whole = |target| Location {
            target,
            field: None,
        };
        let cluster_failed = |c| self.failed.contains(&whole(Target::Cluster(c)));
        // Dates and follow-ups are checked against the year, which is meaningless without it.
        let year_failed = self.failed.contains(&Location::programme(Field::Year))
            && matches!(
                location.field,
                Some(Field::Start | Field::End | Field::FollowUpOf)
            );
        year_failed
            || self.failed.contains(location)
            || self.failed.contains(&whole(location.target))
            || match location.target {
                Target::Activity(cell) => cluster_failed(cell.cluster),
                Target::Cluster(c) => cluster_failed(c),
                Target::Programme => false,
            }
    }

    /// Whether a problem found on the partial programme is about an item of a list that could
    /// not be read: the placeholder standing in for it is not what the file says.
    pub(super) fn failed_within(&self, problem: &Problem) -> bool {
        match problem.within.as_ref().map(|w| &w.item) {
            Some(Item::Index(index)) => self.failed_items.contains(&(problem.location, *index)),
            Some(Item::Key(_)) | None => false,
        }
    }

    /// An item of a list field, read by `decode`; one that cannot be read is remembered.
    fn item<T>(
        &mut self,
        at: Location,
        index: usize,
        decode: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        let item = decode(self);
        if item.is_none() {
            self.failed_items.insert((at, index));
        }
        item
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(span, message));
    }

    /// Checks that a node is `Name(field: …)` with exactly the allowed fields, the optional
    /// ones (by the field table) maybe left out.
    fn fields<'a>(
        &mut self,
        node: &'a Node,
        struct_name: &'static str,
        allowed: &[Field],
    ) -> Option<Fields<'a>> {
        let names: Vec<&str> = allowed.iter().map(|f| f.as_str()).collect();
        let required: Vec<&str> = allowed
            .iter()
            .filter(|f| !f.is_optional_in(allowed))
            .map(|f| f.as_str())
            .collect();
        self.struct_fields(node, struct_name, &names, &required)
    }

    /// Checks that a node is `Name(field: …)` with only the `allowed` fields and every one of
    /// the `required` ones.
    fn struct_fields<'a>(
        &mut self,
        node: &'a Node,
        struct_name: &'static str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Fields<'a>> {
        let (name, fields): (&Option<Name>, &[(Name, Node)]) = match &node.kind {
            Kind::Struct { name, fields } => (name, fields),
            Kind::Tuple { name, items } if items.is_empty() => (name, &[]),
            other => {
                self.error(
                    node.span,
                    format!(
                        "expected `{struct_name}({})`, found {}",
                        glyph('…'),
                        other.describe()
                    ),
                );
                return None;
            }
        };
        if let Some(name) = name.as_ref().filter(|n| n.text != struct_name) {
            self.error(
                name.span,
                format!(
                    "expected `{struct_name}({0})`, found `{1}({0})`",
                    glyph('…'),
                    name.text
                ),
            );
            return None;
        }
        let mut by_name: Vec<(&str, &Node)> = Vec::with_capacity(fields.len());
        for (field, value) in fields {
            if !allowed.contains(&field.text.as_str()) {
                self.error(
                    field.span,
                    format!(
                        "unknown field `{}` in {struct_name}; expected one of {}",
                        field.text,
                        allowed.join(", ")
                    ),
                );
            } else if by_name.iter().any(|(name, _)| *name == field.text) {
                self.error(
                    field.span,
                    format!("field `{}` appears twice in this {struct_name}", field.text),
                );
            } else {
                by_name.push((field.text.as_str(), value));
            }
        }
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|f| !by_name.iter().any(|(name, _)| name == f))
            .collect();
        if !missing.is_empty() {
            let s = if missing.len() == 1 { "" } else { "s" };
            self.error(
                Span::new(node.span.start, node.span.start),
                format!(
                    "missing field{s} {} in this {struct_name}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        Some(Fields {
            by_name,
            span: node.span,
        })
    }

    pub(super) fn programme(&mut self, root: &Node) -> Option<Programme> {
        let not_a_programme = match &root.kind {
            Kind::Struct { .. } | Kind::Tuple { .. } => None,
            Kind::Ident(name) if name == "Programme" => Some(
                drawn("`Programme` alone is not a programme: its fields go inside `Programme(…)`")
                    .into_owned(),
            ),
            other => Some(format!(
                "the file holds {}, not a programme; it should start with `Programme(`",
                other.describe()
            )),
        };
        if let Some(message) = not_a_programme {
            self.error(root.span, message);
            return None;
        }
        let fields = self.fields(root, "Programme", Field::PROGRAMME)?;
        self.source_map.spans.insert(
            Location {
                target: Target::Programme,
                field: None,
            },
            fields.span,
        );
        let at = Location::programme;
        let year = self.field(&fields, at(Field::Year), Decoder::year);
        let title = self.field(&fields, at(Field::Title), Decoder::string);
        let adopted = self.field(&fields, at(Field::Adopted), |d, n| {
            d.option(n, |d, n| {
                let date = d.date(n)?;
                if let PlanDate::Day(day) = date {
                    Some(day)
                } else {
                    d.error(
                        n.span,
                        format!("adopted must be a day, like \"{}-12-10\"", date.year()),
                    );
                    None
                }
            })
        });
        let notes = self.field(&fields, at(Field::Notes), Decoder::string);
        let stage = self.field(&fields, at(Field::Stage), |d, n| {
            d.word::<Stage>(n, "stage").map(Some)
        });
        let themes = self.field(&fields, at(Field::ThemeDecls), |d, n| {
            d.list(n, "themes", Theme::default, |d, _, n| d.theme(n))
        });
        let own_fields = self.field(&fields, at(Field::FieldDecls), |d, n| {
            d.list(n, "fields", FieldDecl::default, |d, _, n| d.field_decl(n))
        });
        let clusters = self.field(&fields, at(Field::Clusters), |d, n| {
            d.list(n, "clusters", || Cluster::new("", ""), Decoder::cluster)
        });
        // A year that could not be read stands in as the first four-digit one, so nothing
        // downstream does arithmetic on absurd years (its dates are not checked against it).
        let year = if self.failed.contains(&at(Field::Year)) {
            *YEARS.start()
        } else {
            year
        };
        Some(Programme {
            year,
            title,
            adopted,
            stage,
            notes,
            themes,
            fields: own_fields,
            clusters,
        })
    }

    fn cluster(&mut self, index: usize, node: &Node) -> Option<Cluster> {
        let fields = self.struct_at(node, Target::Cluster(index), "Cluster", Field::CLUSTER)?;
        let mut cluster = Cluster::new("", "");
        for &field in Field::CLUSTER {
            let at = Location::cluster(index, field);
            if field == Field::Activities {
                cluster.activities = self.field(&fields, at, |d, n| {
                    d.list(
                        n,
                        "activities",
                        || Activity::new("", ""),
                        |d, i, n| d.activity(Cell::new(index, i), n),
                    )
                });
            } else if let Some(value) = self.field(&fields, at, |d, n| d.value(at, n)) {
                // Decoded by the field's kind, so it fits; a table that says otherwise is
                // reported, not lost.
                if let Err(e) = cluster.set(field, value) {
                    self.error(fields.span, e.to_string());
                }
            }
        }
        Some(cluster)
    }

    fn activity(&mut self, cell: Cell, node: &Node) -> Option<Activity> {
        let fields = self.struct_at(node, Target::Activity(cell), "Activity", Field::ACTIVITY)?;
        let mut activity = Activity::new("", "");
        for &field in Field::ACTIVITY {
            let at = Location::activity(cell, field);
            if let Some(value) = self.field(&fields, at, |d, n| d.value(at, n)) {
                // Decoded by the field's kind, so it fits; a table that says otherwise is
                // reported, not lost.
                if let Err(e) = activity.set(field, value) {
                    self.error(fields.span, e.to_string());
                }
            }
        }
        Some(activity)
    }

    /// The fields of a cluster or an activity, its span recorded; a thing that is not the
    /// struct it should be is marked as failed whole.
    fn struct_at<'n>(
        &mut self,
        node: &'n Node,
        target: Target,
        name: &'static str,
        allowed: &[Field],
    ) -> Option<Fields<'n>> {
        let whole = Location {
            target,
            field: None,
        };
        let Some(fields) = self.fields(node, name, allowed) else {
            self.failed.insert(whole);
            return None;
        };
        self.source_map.spans.insert(whole, fields.span);
        Some(fields)
    }

    /// The value of a field of a cluster or an activity, read by the field's kind; where
    /// the items of a list field stand is recorded, for problems about one of them.
    #[expect(clippy::option_option, reason = "absent vs written empty")]
    fn value(&mut self, at: Location, node: &Node) -> Option<Option<FieldValue>> {
        let Some(field) = at.field else {
            return Some(None);
        };
        let value = match field.kind() {
            FieldKind::Id | FieldKind::Text | FieldKind::MultiLineText => {
                FieldValue::Text(self.string(node)?)
            }
            FieldKind::Formats => FieldValue::Formats(self.list(
                node,
                "formats",
                || Format::Other(String::new()),
                |d, _, n| d.string(n).map(|s| Format::parse(&s)),
            )?),
            FieldKind::Status => FieldValue::Status(self.status(node)?),
            FieldKind::Date => FieldValue::Date(self.option(node, Decoder::date)?),
            FieldKind::FollowUp => FieldValue::Reference(self.option(node, Decoder::string)?),
            FieldKind::Codes | FieldKind::Tags => {
                FieldValue::List(self.list(node, field.as_str(), String::new, |d, i, n| {
                    d.mark(at, Within::item(i), n.span);
                    d.item(at, i, |d| d.string(n))
                })?)
            }
            FieldKind::Sessions => {
                FieldValue::Sessions(self.list(node, "sessions", Session::default, |d, i, n| {
                    d.item(at, i, |d| d.session(at, i, n))
                })?)
            }
            FieldKind::Outputs => {
                FieldValue::Outputs(self.list(node, "outputs", Output::default, |d, i, n| {
                    d.item(at, i, |d| d.output(at, i, n))
                })?)
            }
            FieldKind::Values => FieldValue::Values(self.values(at, node)?),
            // The programme's own fields and lists are read where they stand.
            FieldKind::Year
            | FieldKind::Day
            | FieldKind::Children
            | FieldKind::Stage
            | FieldKind::ThemeDecls
            | FieldKind::FieldDecls => return Some(None),
        };
        Some(Some(value))
    }

    /// Decodes one field, recording where it is. A missing field was already reported.
    /// A field that is missing or wrong was reported; its default stands in, so that the rest
    /// of the programme can still be checked, and the location is marked as failed.
    fn field<T: Default>(
        &mut self,
        fields: &Fields<'_>,
        location: Location,
        decode: impl FnOnce(&mut Self, &Node) -> Option<T>,
    ) -> T {
        let name = location.field.map_or("", Field::as_str);
        let node = fields
            .by_name
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, node)| *node);
        let optional = location.field.is_some_and(|field| {
            let fields = match location.target {
                Target::Programme => Field::PROGRAMME,
                Target::Cluster(_) => Field::CLUSTER,
                Target::Activity(_) => Field::ACTIVITY,
            };
            field.is_optional_in(fields)
        });
        if node.is_none() && optional {
            return T::default();
        }
        let decoded = node.and_then(|node| {
            self.source_map.spans.insert(location, node.span);
            decode(self, node)
        });
        decoded.unwrap_or_else(|| {
            self.failed.insert(location);
            T::default()
        })
    }

    fn string(&mut self, node: &Node) -> Option<String> {
        match &node.kind {
            Kind::Str(s) => Some(s.clone()),
            other => {
                self.error(
                    node.span,
                    format!("expected a string in quotes, found {}", other.describe()),
                );
                None
            }
        }
    }

    /// The programme year, refused with what was written when it is not four-digit.
    fn year(&mut self, node: &Node) -> Option<i32> {
        let written = self
            .text
            .get(node.span.start.offset..node.span.end.offset)
            .unwrap_or_default();
        let year = match &node.kind {
            Kind::Int(_) | Kind::Float(_)
                if !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Year::from_written_number(written)
            }
            Kind::Int(i) => Year::new(*i),
            Kind::Float(_) => {
                self.error(
                    node.span,
                    format!("expected a whole number for the year, found {written}"),
                );
                return None;
            }
            other => {
                self.error(
                    node.span,
                    format!("expected a number for the year, found {}", other.describe()),
                );
                return None;
            }
        };
        match year {
            Ok(year) => Some(year.get()),
            Err(e) => {
                self.error(node.span, e.to_string());
                None
            }
        }
    }

    fn status(&mut self, node: &Node) -> Option<Status> {
        let word = match &node.kind {
            Kind::Ident(word) | Kind::Str(word) => word,
            other => {
                self.error(
                    node.span,
                    format!(
                        "expected a status ({}), found {}",
                        Status::expected_list(),
                        other.describe()
                    ),
                );
                return None;
            }
        };
        match word.parse() {
            Ok(status) => Some(status),
            Err(e) => {
                self.error(node.span, e.to_string());
                None
            }
        }
    }

    /// A word of a small vocabulary (a stage, a mode, a kind), bare or in quotes.
    fn word<T>(&mut self, node: &Node, what: &str) -> Option<T>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        match &node.kind {
            Kind::Ident(word) | Kind::Str(word) => match word.parse() {
                Ok(value) => Some(value),
                Err(e) => {
                    self.error(node.span, e.to_string());
                    None
                }
            },
            other => {
                self.error(
                    node.span,
                    format!("expected a {what}, found {}", other.describe()),
                );
                None
            }
        }
    }

    /// A whole number from 0 up.
    fn count(&mut self, node: &Node, what: &str) -> Option<u32> {
        match &node.kind {
            Kind::Int(i) => {
                if let Ok(n) = u32::try_from(*i) {
                    Some(n)
                } else {
                    self.error(node.span, format!("{what} {i} is out of range"));
                    None
                }
            }
            other => {
                self.error(
                    node.span,
                    format!(
                        "expected a whole number for {what}, found {}",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    /// The named field of a small struct (a session, an output), decoded, or its default when
    /// the struct leaves it out.
    fn part<T: Default>(
        &mut self,
        fields: &Fields<'_>,
        name: &str,
        decode: impl FnOnce(&mut Self, &Node) -> Option<T>,
    ) -> Option<T> {
        match fields.by_name.iter().find(|(n, _)| *n == name) {
            Some((_, node)) => decode(self, node),
            None => Some(T::default()),
        }
    }

    /// Records where an item of a list field (or one of its parts) stands.
    fn mark(&mut self, at: Location, within: Within, span: Span) {
        self.source_map.items.insert((at, within), span);
    }

    /// Records where item `index` of a list field and each of its parts stand.
    fn mark_parts(
        &mut self,
        at: Location,
        index: usize,
        node: &Node,
        fields: &Fields<'_>,
        parts: &[&'static str],
    ) {
        self.mark(at, Within::item(index), node.span);
        for &(name, part) in &fields.by_name {
            if let Some(&name) = parts.iter().find(|p| **p == name) {
                self.mark(at, Within::part(index, name), part.span);
            }
        }
    }

    /// Puts `prefix` before every problem reported since the first `from`, saying which item
    /// of a list they are about.
    fn prefix_since(&mut self, from: usize, prefix: &str) {
        for diagnostic in self.diagnostics.iter_mut().skip(from) {
            diagnostic.message = format!("{prefix}: {}", diagnostic.message);
        }
    }

    fn session(&mut self, at: Location, index: usize, node: &Node) -> Option<Session> {
        let from = self.diagnostics.len();
        let f = self.struct_fields(node, "Session", SESSION_PARTS, &["id"])?;
        self.mark_parts(at, index, node, &f, SESSION_PARTS);
        // Every part is read, so every problem of a session is reported at once.
        let id = self.part(&f, "id", |d, n| d.count(n, "a session id"));
        let start = self.part(&f, "start", |d, n| d.option(n, Decoder::date));
        let end = self.part(&f, "end", |d, n| d.option(n, Decoder::date));
        let place = self.part(&f, "place", Decoder::string);
        let country = self.part(&f, "country", Decoder::string);
        let mode = self.part(&f, "mode", |d, n| {
            d.option(n, |d, n| d.word::<Mode>(n, "mode"))
        });
        let host = self.part(&f, "host", Decoder::string);
        let participants = self.part(&f, "participants", |d, n| {
            d.option(n, |d, n| d.count(n, "participants"))
        });
        let online = self.part(&f, "online", |d, n| {
            d.option(n, |d, n| d.count(n, "online participants"))
        });
        let status = self.part(&f, "status", |d, n| {
            d.word::<SessionStatus>(n, "session status")
        });
        // Named as `check` names a session: by its id when that could be read.
        let name = match id {
            Some(id) if f.by_name.iter().any(|(n, _)| *n == "id") => format!("session #{id}"),
            _ => format!("session {} of the list", index + 1),
        };
        self.prefix_since(from, &name);
        Some(Session {
            id: id?,
            start: start?,
            end: end?,
            place: place?,
            country: country?,
            mode: mode?,
            host: host?,
            participants: participants?,
            online: online?,
            status: status?,
        })
    }

    fn output(&mut self, at: Location, index: usize, node: &Node) -> Option<Output> {
        let from = self.diagnostics.len();
        let f = self.struct_fields(node, "Output", OUTPUT_PARTS, &["title"])?;
        self.mark_parts(at, index, node, &f, OUTPUT_PARTS);
        let kind = self.part(&f, "kind", |d, n| d.word::<OutputKind>(n, "output kind"));
        let title = self.part(&f, "title", Decoder::string);
        let link = self.part(&f, "link", |d, n| d.option(n, Decoder::string));
        let date = self.part(&f, "date", |d, n| d.option(n, Decoder::date));
        self.prefix_since(from, &format!("output {}", index + 1));
        Some(Output {
            kind: kind?,
            title: title?,
            link: link?,
            date: date?,
        })
    }

    fn theme(&mut self, node: &Node) -> Option<Theme> {
        let f = self.struct_fields(node, "Theme", &["id", "name"], &["id", "name"])?;
        let id = self.part(&f, "id", Decoder::string);
        let name = self.part(&f, "name", Decoder::string);
        Some(Theme {
            id: id?,
            name: name?,
        })
    }

    fn field_decl(&mut self, node: &Node) -> Option<FieldDecl> {
        let f = self.struct_fields(node, "Field", &["id", "name", "kind"], &["id", "kind"])?;
        let id = self.part(&f, "id", Decoder::string);
        let name = self.part(&f, "name", Decoder::string);
        let kind = self.part(&f, "kind", Decoder::own_kind);
        Some(FieldDecl {
            id: id?,
            name: name?,
            kind: kind?,
        })
    }

    /// `text`, `number`, `date`, `url` or `choice(["a", "b"])`.
    fn own_kind(&mut self, node: &Node) -> Option<OwnKind> {
        match &node.kind {
            Kind::Tuple {
                name: Some(name),
                items,
            } if name.text == "choice" => {
                if let [words] = items.as_slice() {
                    self.list(words, "choices", String::new, |d, _, n| d.string(n))
                        .map(OwnKind::Choice)
                } else {
                    self.error(node.span, drawn("`choice(…)` holds one list of words"));
                    None
                }
            }
            Kind::Ident(word) if word != "choice" => match OwnKind::from_word(word) {
                Ok(kind) => Some(kind),
                Err(e) => {
                    self.error(node.span, e.to_string());
                    None
                }
            },
            other => {
                self.error(
                    node.span,
                    format!(
                        "expected a field kind (text, number, date, url, choice([{}])), found {}",
                        glyph('…'),
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    /// `{"budget": "12000", …}`: own-field values by field id; a number may be written bare
    /// (`fmt` writes it as text).
    fn values(&mut self, at: Location, node: &Node) -> Option<OwnValues> {
        let Kind::Map(entries) = &node.kind else {
            self.error(
                node.span,
                format!(
                    "expected a map `{{\"field\": \"value\", {}}}` of own-field values, found {}",
                    glyph('…'),
                    node.kind.describe()
                ),
            );
            return None;
        };
        let mut out = OwnValues::new();
        let mut ok = true;
        for (key, value_node) in entries {
            let key = self.string(key);
            let written = self
                .text
                .get(value_node.span.start.offset..value_node.span.end.offset)
                .unwrap_or_default();
            let value = match &value_node.kind {
                Kind::Int(_) | Kind::Float(_) => Some(written.to_string()),
                _ => self.string(value_node),
            };
            if let Some(key) = &key {
                self.mark(at, Within::key(key), value_node.span);
            }
            match (key, value) {
                (Some(key), Some(value)) => {
                    if out.insert(key.clone(), value).is_some() {
                        self.error(node.span, format!("own field {key:?} appears twice"));
                        ok = false;
                    }
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn date(&mut self, node: &Node) -> Option<PlanDate> {
        let text = self.string(node)?;
        match text.parse() {
            Ok(date) => Some(date),
            Err(e) => {
                self.error(node.span, e.to_string());
                None
            }
        }
    }

    /// `None`, `Some(x)`, or a bare `x` (read as `Some(x)`).
    #[expect(clippy::option_option, reason = "absent vs written empty")]
    fn option<T>(
        &mut self,
        node: &Node,
        decode: impl FnOnce(&mut Self, &Node) -> Option<T>,
    ) -> Option<Option<T>> {
        match &node.kind {
            Kind::Ident(name) if name == "None" => Some(None),
            Kind::Tuple {
                name: Some(name),
                items,
            } if name.text == "Some" => {
                if let [inner] = items.as_slice() {
                    decode(self, inner).map(Some)
                } else {
                    self.error(node.span, drawn("`Some(…)` holds exactly one value"));
                    None
                }
            }
            _ => decode(self, node).map(Some),
        }
    }

    /// A list; an item that cannot be read is reported and replaced by `placeholder`, so that
    /// the items after it keep their positions.
    fn list<T>(
        &mut self,
        node: &Node,
        what: &str,
        placeholder: impl Fn() -> T,
        mut decode: impl FnMut(&mut Self, usize, &Node) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Kind::List(items) = &node.kind else {
            self.error(
                node.span,
                format!(
                    "expected a list `[{}]` of {what}, found {}",
                    glyph('…'),
                    node.kind.describe()
                ),
            );
            return None;
        };
        let out = items
            .iter()
            .enumerate()
            .map(|(i, item)| decode(self, i, item).unwrap_or_else(&placeholder))
            .collect();
        Some(out)
    }
}
