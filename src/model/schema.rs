//! JSON Schemas of `program.toml` and the project files, for editors that validate and complete
//! TOML against a schema (taplo, Even Better TOML). The decoder reads the files by hand
//! (store/decode.rs), so these types exist only to describe the format: they mirror it key for
//! key, and a test holds their keys to [`super::keys`], which the decoder uses.

// The fields are read by the schema derive, never by code.
#![allow(dead_code)]

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use super::keys::FileKind;
use super::{AssignmentStatus, ChangeStatus, ProjectStatus, RequestStatus, WorkStatus};
use crate::diagnostic::Rule;

/// Where `pm init` puts the schemas in a program folder, relative to its root.
pub const PROGRAM_SCHEMA: &str = "schema/program.schema.json";
pub const PROJECT_SCHEMA: &str = "schema/project.schema.json";
pub const PORTFOLIO_SCHEMA: &str = "schema/portfolio.schema.json";

/// The `#:schema` line that points the file at `rel` (relative to the program root) to the
/// schema at `schema` (relative to the root too). Editors resolve it from the file's folder.
pub fn directive(rel: &str, schema: &str) -> String {
    let depth = rel.matches('/').count();
    let up = if depth == 0 {
        "./".to_owned()
    } else {
        "../".repeat(depth)
    };
    format!("#:schema {up}{schema}\n")
}

/// The schema of one of the two file formats, as pretty JSON ending in a newline.
pub fn json(kind: FileKind) -> String {
    let generator = SchemaSettings::draft07()
        .with(|s| s.inline_subschemas = true)
        .with_transform(schemars::transform::RecursiveTransform(no_null))
        .into_generator();
    let schema = match kind {
        FileKind::Program => generator.into_root_schema_for::<ProgramFile>(),
        FileKind::Project => generator.into_root_schema_for::<ProjectFile>(),
        FileKind::Portfolio => generator.into_root_schema_for::<PortfolioFile>(),
    };
    // Serialising a JSON value cannot fail.
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    format!("{text}\n")
}

/// TOML has no null: an optional key is one that may be left out, never one that may be null.
fn no_null(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            obj.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(values)) = obj.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }
    if let Some(Value::Array(options)) = obj.get_mut("anyOf") {
        options.retain(|o| o.get("type").and_then(Value::as_str) != Some("null"));
        if options.len() == 1 {
            let only = options.remove(0);
            obj.remove("anyOf");
            if let Value::Object(inner) = only {
                for (k, v) in inner {
                    obj.entry(k).or_insert(v);
                }
            }
        }
    }
}

/// A schema with its name, for the few value types the derive cannot describe.
macro_rules! leaf {
    ($ty:ident, $name:literal, $body:expr) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $body
            }
        }
    };
}

struct Id;
leaf!(
    Id,
    "Id",
    json_schema!({
        "type": "string",
        "pattern": "^[a-z0-9][a-z0-9-]{0,63}$",
        "description": "An id: lower-case letters, digits and '-', starting with a letter or digit, at most 64 characters."
    })
);

struct Date;
leaf!(
    Date,
    "Date",
    json_schema!({
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": "A date such as 2026-03-01. Write it as a bare TOML local date, without quotes. JSON Schema has no date type: taplo and check-jsonschema hand a TOML date to the schema as the string \"2026-03-01\", exactly as they hand a quoted one, so the schema cannot tell `from = \"2026-03-01\"` from `from = 2026-03-01`; pm check can, and refuses the quoted one. A date-time or a malformed date is refused here too."
    })
);

struct Percent;
leaf!(
    Percent,
    "Percent",
    json_schema!({
        "type": "integer",
        "minimum": 0,
        "maximum": 1000,
        "description": "Whole percent of one full-time person (100 = full time)."
    })
);

struct Priority;
leaf!(
    Priority,
    "Priority",
    json_schema!({
        "type": "integer",
        "minimum": 1,
        "maximum": 1000,
        "default": 500,
        "description": "How important the project is, from 1 to 1000 (higher is more important; default 500). `pm level` lowers the load of lower-priority projects first."
    })
);

struct Hours;
leaf!(
    Hours,
    "Hours",
    json_schema!({
        "type": "number",
        "minimum": 0,
        "description": "Hours of effort; a fraction is allowed."
    })
);

struct Amount;
leaf!(
    Amount,
    "Amount",
    json_schema!({
        "type": "number",
        "description": "Informational only; pm does not check it."
    })
);

struct HoursPerWeek;
leaf!(
    HoursPerWeek,
    "HoursPerWeek",
    json_schema!({
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": 168,
        "default": 40,
        "description": "Hours in a full-time week; converts allocation percents to hours in reports."
    })
);

/// A rule by code or name, as `allow` and `[check.rules]` take it.
struct RuleName;
leaf!(RuleName, "RuleName", {
    let names: Vec<&str> = Rule::ALL
        .iter()
        .flat_map(|r| [r.code(), r.name()])
        .collect();
    json_schema!({
        "type": "string",
        "enum": names,
        "description": "A rule of pm check, by code (PM102) or name (excluded-work)."
    })
});

fn one_of(values: impl IntoIterator<Item = &'static str>, description: &str) -> Schema {
    let values: Vec<&str> = values.into_iter().collect();
    json_schema!({ "type": "string", "enum": values, "description": description })
}

struct ProjectStatusName;
leaf!(
    ProjectStatusName,
    "ProjectStatus",
    one_of(
        ProjectStatus::ALL.iter().map(|(n, _)| *n),
        "Default proposed. Done and cancelled projects are parsed and structurally checked only."
    )
);

struct WorkStatusName;
leaf!(
    WorkStatusName,
    "WorkStatus",
    one_of(
        WorkStatus::ALL.iter().map(|(n, _)| *n),
        "Default todo. Dropped work needs a reason and no longer counts against the charter."
    )
);

struct AssignmentStatusName;
leaf!(
    AssignmentStatusName,
    "AssignmentStatus",
    one_of(
        AssignmentStatus::ALL.iter().map(|(n, _)| *n),
        "Default committed. Proposed assignments count only for tentative over-allocation (PM202)."
    )
);

struct RequestStatusName;
leaf!(
    RequestStatusName,
    "RequestStatus",
    one_of(RequestStatus::ALL.iter().map(|(n, _)| *n), "Default open.")
);

struct ChangeStatusName;
leaf!(
    ChangeStatusName,
    "ChangeStatus",
    one_of(
        ChangeStatus::ALL.iter().map(|(n, _)| *n),
        "Default proposed. Only an approved change covers a difference from the approved charter (PM108)."
    )
);

/// `[check.rules]`: every rule by code and by name, each set to a level.
struct RuleLevels;
leaf!(RuleLevels, "RuleLevels", {
    let mut properties = serde_json::Map::new();
    for rule in Rule::ALL {
        for key in [rule.code(), rule.name()] {
            properties.insert(
                key.to_owned(),
                serde_json::json!({
                    "type": "string",
                    "enum": ["error", "warn", "off"],
                    "description": format!("{} {}: {}", rule.code(), rule.name(), rule.fires_when())
                }),
            );
        }
    }
    json_schema!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "description": "Changes the severity of rules, by code or name: \"error\", \"warn\" or \"off\"."
    })
});

#[derive(JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "pm program.toml",
    description = "The program charter, the benefits it exists to achieve, the shared pool of people, and the settings of `pm check`. Generated by `pm schema program`."
)]
struct ProgramFile {
    /// The program charter.
    program: ProgramTable,
    /// What the program exists to achieve; projects serve benefits.
    benefit: Option<Vec<Benefit>>,
    /// The shared pool of people.
    person: Option<Vec<Person>>,
    /// Settings of `pm check`.
    check: Option<Check>,
}

#[derive(JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "pm portfolio.toml",
    description = "Several programs kept together in one folder, and the people they share. Generated by `pm schema portfolio`."
)]
struct PortfolioFile {
    portfolio: PortfolioTable,
    /// The shared pool: people every program of the portfolio refers to without declaring them.
    person: Option<Vec<Person>>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct PortfolioTable {
    id: Id,
    /// The portfolio's name.
    name: String,
    /// The program folders, below this one, each with its program.toml.
    programs: Vec<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ProgramTable {
    id: Id,
    /// The program's name.
    name: String,
    /// The program manager (a person id).
    manager: Option<Id>,
    sponsor: Option<String>,
    start: Option<Date>,
    end: Option<Date>,
    hours_per_week: Option<HoursPerWeek>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Benefit {
    id: Id,
    title: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Person {
    id: Id,
    name: Option<String>,
    /// Percent of one full-time person; default 100.
    capacity: Option<Percent>,
    skills: Option<Vec<String>>,
    /// Joins on this day; no assignment may begin before.
    start: Option<Date>,
    /// Leaves after this day; no assignment may continue after.
    end: Option<Date>,
    /// Periods away; assignments pause during them.
    time_off: Option<Vec<TimeOff>>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct TimeOff {
    from: Date,
    to: Date,
    reason: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Check {
    /// Exit 1 on warnings too, like `pm check --deny-warnings`.
    deny_warnings: Option<bool>,
    rules: Option<RuleLevels>,
}

#[derive(JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "pm project file (projects/ID.toml)",
    description = "One project: its charter, deliverables (in scope), exclusions (out of scope), work, assignments of people, staffing requests and change requests. Generated by `pm schema project`."
)]
struct ProjectFile {
    project: ProjectTable,
    /// What the project must deliver, and by when.
    charter: Option<Charter>,
    /// In scope: work must trace to one of these.
    deliverable: Option<Vec<Deliverable>>,
    /// Explicitly out of scope.
    exclusion: Option<Vec<Exclusion>>,
    work: Option<Vec<Work>>,
    /// People on the project, with a percent of their time.
    assignment: Option<Vec<Assignment>>,
    /// Staffing needs escalated to the program manager.
    request: Option<Vec<Request>>,
    /// Change requests against the approved charter.
    change: Option<Vec<Change>>,
    /// Deliverables of other projects this project waits for.
    dependency: Option<Vec<Dependency>>,
}

/// `allow` with at least one rule needs a `reason` that says something, as pm check requires.
/// A schema dependency: it applies only where `allow` is written.
fn allow_needs_reason(schema: &mut Schema) {
    dependency(
        schema,
        "allow",
        serde_json::json!({
            "if": { "properties": { "allow": { "minItems": 1 } } },
            "then": {
                "required": ["reason"],
                "properties": { "reason": { "pattern": "\\S" } }
            }
        }),
    );
}

/// Dropped work needs a `reason` (and may carry an `allow`, which needs one too).
fn dropped_needs_reason(schema: &mut Schema) {
    allow_needs_reason(schema);
    dependency(
        schema,
        "status",
        serde_json::json!({
            "if": { "properties": { "status": { "const": "dropped" } } },
            "then": { "required": ["reason"] }
        }),
    );
}

fn dependency(schema: &mut Schema, key: &str, rule: Value) {
    let deps = schema
        .ensure_object()
        .entry("dependencies")
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    if let Value::Object(deps) = deps {
        deps.insert(key.to_owned(), rule);
    }
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, transform = allow_needs_reason)]
struct ProjectTable {
    /// Equals the file name without `.toml`.
    id: Id,
    name: String,
    status: Option<ProjectStatusName>,
    /// 1-1000, higher is more important; default 500.
    priority: Option<Priority>,
    /// The project manager (a person id).
    manager: Option<Id>,
    /// Program benefits this project serves.
    benefits: Option<Vec<Id>>,
    /// Rules accepted for this project by a decision; needs a `reason`.
    allow: Option<Vec<RuleName>>,
    /// Why the rules in `allow` are accepted, and who decided.
    reason: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Charter {
    objective: Option<String>,
    start: Option<Date>,
    end: Option<Date>,
    /// Cap on the summed estimates of the work that is not dropped.
    effort_hours: Option<Hours>,
    budget: Option<Amount>,
    /// When the charter was approved; the commit that set this date is the baseline that
    /// scope changes are held to (PM108). Written by `pm charter approve`.
    approved: Option<Date>,
    /// Who approved the charter (a person id).
    approved_by: Option<Id>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, transform = allow_needs_reason)]
struct Deliverable {
    id: Id,
    title: Option<String>,
    due: Option<Date>,
    allow: Option<Vec<RuleName>>,
    reason: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Exclusion {
    id: Id,
    title: Option<String>,
    /// Work whose title or tags contain one of these words is flagged (PM102).
    keywords: Option<Vec<String>>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, transform = dropped_needs_reason)]
struct Work {
    /// Unique in the file.
    id: Id,
    title: String,
    /// The deliverable of this project the work serves.
    deliverable: Option<Id>,
    estimate_hours: Option<Hours>,
    status: Option<WorkStatusName>,
    start: Option<Date>,
    due: Option<Date>,
    /// A person id.
    assignee: Option<Id>,
    tags: Option<Vec<String>>,
    /// Rules accepted for this item by a decision; needs a `reason`.
    allow: Option<Vec<RuleName>>,
    /// Why: required when `allow` is not empty and when the work is dropped.
    reason: Option<String>,
    /// The project the work came from; written by `pm work move`.
    moved_from: Option<Id>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, transform = allow_needs_reason)]
struct Assignment {
    /// A person id.
    person: Id,
    allocation: Percent,
    /// Default: the charter start.
    from: Option<Date>,
    /// Default: the charter end.
    to: Option<Date>,
    status: Option<AssignmentStatusName>,
    role: Option<String>,
    allow: Option<Vec<RuleName>>,
    reason: Option<String>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, transform = allow_needs_reason)]
struct Request {
    id: Id,
    skills: Option<Vec<String>>,
    allocation: Option<Percent>,
    from: Option<Date>,
    to: Option<Date>,
    /// Why the staff is needed; also justifies an `allow`.
    reason: Option<String>,
    status: Option<RequestStatusName>,
    /// The person who filled the request; written by `pm request fill`.
    filled_by: Option<Id>,
    allow: Option<Vec<RuleName>>,
}

/// SPEC §10.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Change {
    /// Unique in the file.
    id: Id,
    title: String,
    status: Option<ChangeStatusName>,
    /// Who asked for the change (a person id).
    requested_by: Option<Id>,
    /// Who approved or rejected it (a person id); written by `pm change approve|reject`.
    decided_by: Option<Id>,
    /// When it was decided; written by `pm change approve|reject`.
    decided: Option<Date>,
    /// Why the change is asked for (and, once rejected, why it was rejected).
    reason: Option<String>,
    /// Deliverables it brings into scope.
    adds: Option<Vec<Id>>,
    /// Deliverables it takes out of scope.
    removes: Option<Vec<Id>>,
    /// Exclusions it lifts.
    unexcludes: Option<Vec<Id>>,
    /// The new effort cap, if it changes it.
    effort_hours: Option<Hours>,
    /// The new charter start, if it changes it.
    start: Option<Date>,
    /// The new charter end, if it changes it.
    end: Option<Date>,
}

/// `PROJECT/DELIVERABLE`: two ids.
struct TargetName;
leaf!(
    TargetName,
    "Target",
    json_schema!({
        "type": "string",
        "pattern": "^[a-z0-9][a-z0-9-]{0,63}/[a-z0-9][a-z0-9-]{0,63}$",
        "description": "A deliverable of another project, as PROJECT/DELIVERABLE (e.g. lander/descent-stage)."
    })
);

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, transform = allow_needs_reason)]
struct Dependency {
    /// Unique in the file.
    id: Id,
    /// The deliverable waited for, as PROJECT/DELIVERABLE of another project.
    on: TargetName,
    /// When this project needs it; a deliverable due later is at risk (PM109).
    needed_by: Date,
    /// The work items of this project that wait for it.
    #[schemars(rename = "for")]
    work: Option<Vec<Id>>,
    /// Why it is needed; also justifies an `allow`.
    reason: Option<String>,
    allow: Option<Vec<RuleName>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys;

    fn schema(kind: FileKind) -> Value {
        serde_json::from_str(&json(kind)).unwrap()
    }

    /// The keys a schema object allows, sorted, after checking it allows no others.
    fn keys_of(object: &Value, at: &str) -> Vec<String> {
        assert_eq!(
            object["additionalProperties"],
            Value::Bool(false),
            "{at} must refuse unknown keys"
        );
        let mut keys: Vec<String> = object["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{at} has no properties"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        keys.sort();
        keys
    }

    /// Walks the schema by the same paths as [`keys::of`] and compares every table's keys
    /// with the decoder's.
    fn assert_matches_decoder(kind: FileKind, paths: &[&[&str]]) {
        let root = schema(kind);
        for path in paths {
            let mut at = &root;
            for key in *path {
                at = &at["properties"][*key];
                // An array of tables: the keys are those of its items.
                if at["type"] == "array" {
                    at = &at["items"];
                }
            }
            let expected = keys::of(kind, path).unwrap();
            assert_eq!(
                keys_of(at, &path.join(".")),
                sorted(expected),
                "{kind:?} {path:?}"
            );
        }
    }

    #[test]
    fn directives_are_relative_to_the_file() {
        assert_eq!(
            directive("program.toml", PROGRAM_SCHEMA),
            "#:schema ./schema/program.schema.json\n"
        );
        assert_eq!(
            directive("projects/lander.toml", PROJECT_SCHEMA),
            "#:schema ../schema/project.schema.json\n"
        );
        assert_eq!(
            directive("projects/infra/ground.toml", PROJECT_SCHEMA),
            "#:schema ../../schema/project.schema.json\n"
        );
    }

    #[test]
    fn program_schema_has_the_decoders_keys() {
        assert_matches_decoder(
            FileKind::Program,
            &[
                &[],
                &["program"],
                &["benefit"],
                &["person"],
                &["person", "time_off"],
                &["check"],
            ],
        );
    }

    #[test]
    fn portfolio_schema_has_the_decoders_keys() {
        assert_matches_decoder(
            FileKind::Portfolio,
            &[&[], &["portfolio"], &["person"], &["person", "time_off"]],
        );
    }

    #[test]
    fn project_schema_has_the_decoders_keys() {
        assert_matches_decoder(
            FileKind::Project,
            &[
                &[],
                &["project"],
                &["charter"],
                &["deliverable"],
                &["exclusion"],
                &["work"],
                &["assignment"],
                &["request"],
                &["change"],
                &["dependency"],
            ],
        );
    }

    #[test]
    fn required_keys_are_the_decoders_required_keys() {
        let program = schema(FileKind::Program);
        let project = schema(FileKind::Project);
        let required = |v: &Value| -> Vec<String> {
            let mut r: Vec<String> = v["required"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            r.sort();
            r
        };
        let items = |v: &Value, k: &str| v["properties"][k]["items"].clone();
        assert_eq!(required(&program), ["program"]);
        assert_eq!(required(&program["properties"]["program"]), ["id", "name"]);
        assert_eq!(required(&items(&program, "benefit")), ["id"]);
        assert_eq!(required(&items(&program, "person")), ["id"]);
        assert_eq!(
            required(&items(&items(&program, "person"), "time_off")),
            ["from", "to"]
        );
        assert_eq!(required(&project), ["project"]);
        assert_eq!(required(&project["properties"]["project"]), ["id", "name"]);
        assert_eq!(required(&items(&project, "work")), ["id", "title"]);
        assert_eq!(
            required(&items(&project, "assignment")),
            ["allocation", "person"]
        );
        assert_eq!(required(&items(&project, "request")), ["id"]);
        assert_eq!(required(&items(&project, "change")), ["id", "title"]);
        assert_eq!(
            required(&items(&project, "dependency")),
            ["id", "needed_by", "on"]
        );
    }

    #[test]
    fn dates_are_date_strings_and_nothing_is_nullable() {
        let text = json(FileKind::Project);
        assert!(!text.contains("null"), "TOML has no null:\n{text}");
        let project = schema(FileKind::Project);
        let due = &project["properties"]["work"]["items"]["properties"]["due"];
        assert_eq!(due["type"], "string");
        assert_eq!(due["format"], "date");
    }

    #[test]
    fn statuses_are_the_models() {
        let project = schema(FileKind::Project);
        assert_eq!(
            project["properties"]["project"]["properties"]["status"]["enum"],
            serde_json::json!(["proposed", "active", "on-hold", "done", "cancelled"])
        );
        assert_eq!(
            project["properties"]["work"]["items"]["properties"]["status"]["enum"],
            serde_json::json!(["todo", "doing", "done", "dropped"])
        );
    }
}
