//! The domain: programmes, clusters, activities, statuses, formats, planning dates and their
//! validation. Knows nothing of files or terminals.

mod check;
pub mod checked;
pub mod compare;
pub mod conflict;
pub mod diff;
pub mod edit;
mod field;
pub mod filter;
mod format;
pub mod matching;
pub mod merge;
mod occasion;
mod plan_date;
mod programme;
pub mod progress;
mod quote;
pub mod rollover;
pub mod sheet;
mod splice;
mod stage;
pub mod stats;
mod status;
mod year;

pub use check::{Item, Location, Problem, Severity, Target, Within, check};
pub use edit::{EditError, Operation, Scope, Transaction};
pub use field::{FIELDS, Field, FieldKind, FieldMismatch, FieldSpec, FieldValue, ValueError};
pub use format::{Format, KnownFormat, join_formats};
pub use occasion::{
    CELL_SEPARATOR, FieldDecl, Mode, OccasionError, Output, OutputKind, OwnKind, OwnValues,
    Session, SessionStatus, Theme, canonical_number, is_link, is_member_code, join_cell,
    lead_problem, number_value, outputs_cell, outputs_from_cell, sessions_cell, sessions_from_cell,
    sessions_typed, split_cell, split_lead,
};
pub use plan_date::{
    Bound, DATE_FORMS, EndBeforeStart, PlanDate, PlanDateError, Shift, YEARS, check_range,
    range_label, shift_range,
};
pub use programme::{
    Activity, ActivityIds, Cell, Cluster, Programme, follow_up_form_error, parse_follow_up, slug,
};
pub use quote::{quote, quote_into, unquote};
pub use splice::{Changes, Splice};
pub use stage::{Stage, UnknownStage};
pub use status::{Status, UnknownStatus};
pub use year::{Year, YearError};
