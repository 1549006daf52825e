//! The domain: programmes, clusters, activities, statuses, formats, planning dates and their
//! validation. Knows nothing of files or terminals.

mod check;
pub mod conflict;
pub mod diff;
pub mod filter;
mod format;
pub mod merge;
mod plan_date;
mod programme;
pub mod rollover;
mod status;

pub use check::{Field, Location, Problem, Severity, Target, check};
pub use format::{Format, KnownFormat, join_formats};
pub use plan_date::{
    Bound, DATE_FORMS, PlanDate, PlanDateError, Shift, YEARS, check_range, shift_range,
};
pub use programme::{
    Activity, Cell, Cluster, Programme, follow_up_form_error, parse_follow_up, slug,
};
pub use status::{Status, UnknownStatus};
