use super::*;

fn project(text: &str) -> String {
    format(FileKind::Project, "projects/p.toml", text).unwrap()
}

fn program(text: &str) -> String {
    format(FileKind::Program, "program.toml", text).unwrap()
}

#[test]
fn orders_tables_and_keys_as_the_spec() {
    let text = "[[work]]\ntitle = \"T\"\nid = \"w\"\n\n[charter]\nend = 2026-12-31\nstart = 2026-01-01\n\n[project]\nname = \"P\"\nid = \"p\"\n";
    assert_eq!(
        project(text),
        "[project]\nid = \"p\"\nname = \"P\"\n\n[charter]\nstart = 2026-01-01\nend = 2026-12-31\n\n[[work]]\nid = \"w\"\ntitle = \"T\"\n"
    );
}

#[test]
fn unknown_keys_and_tables_come_after_the_known_ones_in_their_order() {
    let text = "[extra]\nz = 1\n\n[project]\nzeta = 1\nname = \"P\"\nalpha = 2\nid = \"p\"\n";
    assert_eq!(
        project(text),
        "[project]\nid = \"p\"\nname = \"P\"\nzeta = 1\nalpha = 2\n\n[extra]\nz = 1\n"
    );
}

#[test]
fn normalises_spacing_and_blank_lines() {
    let text = "\n\n  [project]   \n\n  id=\"p\"   \n\n\nname   =   \"P\"\t\n\n\n\n[charter]\nstart=2026-01-01\n\n\n";
    assert_eq!(
        project(text),
        "[project]\nid = \"p\"\nname = \"P\"\n\n[charter]\nstart = 2026-01-01\n"
    );
}

#[test]
fn keeps_every_comment_with_what_it_belongs_to() {
    let text = "\
#:schema ../schema/project.schema.json
# Lander project

# the project
[project]
# its name
name = \"P\"   # shown in reports
id = \"p\"
# under the project

# Work
[[work]]
title = \"B\"
id = \"b\"

# Charter, written last
[charter]  # the window
start = 2026-01-01

# the end
";
    assert_eq!(
        project(text),
        "\
#:schema ../schema/project.schema.json
# Lander project

# the project
[project]
id = \"p\"
# its name
name = \"P\"  # shown in reports
# under the project

# Charter, written last
[charter]  # the window
start = 2026-01-01

# Work
[[work]]
id = \"b\"
title = \"B\"

# the end
"
    );
}

#[test]
fn a_comment_under_the_last_table_stays_under_it() {
    let text = "[check]\ndeny_warnings = false\n\n[check.rules]\n# unstaffed-project = \"off\"\n";
    assert_eq!(program(text), text);
}

#[test]
fn arrays_keep_their_comments_and_get_one_element_per_line() {
    let text = "[[person]]\nid = \"a\"\ntime_off = [   # leave\n    {reason=\"x\",from=2026-01-01,to=2026-01-02},  # first\n\n  # the second\n  { from = 2026-02-01, to = 2026-02-02 }   # last\n  # closing\n  ]\nskills = [ \"a\" ,\"b\",  ]\n";
    assert_eq!(
        program(text),
        "[[person]]\nid = \"a\"\nskills = [\"a\", \"b\"]\ntime_off = [  # leave\n  { from = 2026-01-01, to = 2026-01-02, reason = \"x\" },  # first\n  # the second\n  { from = 2026-02-01, to = 2026-02-02 },  # last\n  # closing\n]\n"
    );
}

#[test]
fn a_hash_inside_a_string_is_not_a_comment() {
    let text = "[project]\nid = \"p\"\nname = \"P #1\"   # real\n";
    assert_eq!(
        project(text),
        "[project]\nid = \"p\"\nname = \"P #1\"  # real\n"
    );
}

#[test]
fn sub_tables_follow_their_table() {
    let text = "[check.rules]\nPM201 = \"off\"\n\n[program]\nid = \"x\"\nname = \"X\"\n\n[check]\ndeny_warnings = true\n";
    assert_eq!(
        program(text),
        "[program]\nid = \"x\"\nname = \"X\"\n\n[check]\ndeny_warnings = true\n\n[check.rules]\nPM201 = \"off\"\n"
    );
}

#[test]
fn keys_before_the_first_table_stay_first_with_their_comments() {
    let text = "# top\nstray = 1  # why\n# under stray\n\n[project]\nid = \"p\"\n";
    assert_eq!(project(text), text);
}

#[test]
fn dotted_keys_and_header_spacing_are_tidied() {
    let text = "[ project ]\n  id   =   \"p\"\n  x . b = 1   # xb\n  # over x.a\n  x .a = 2\n";
    assert_eq!(
        project(text),
        "[project]\nid = \"p\"\nx.b = 1  # xb\n# over x.a\nx.a = 2\n"
    );
}

#[test]
fn a_sub_table_of_an_item_moves_with_the_item() {
    let text = "[[person]]\nid = \"a\"\n\n[[person.time_off]]\nto = 2026-01-02\nfrom = 2026-01-01\n\n[program]\nname = \"X\"\nid = \"x\"\n\n[[person]]\nid = \"b\"\n";
    assert_eq!(
        program(text),
        "[program]\nid = \"x\"\nname = \"X\"\n\n[[person]]\nid = \"a\"\n\n[[person.time_off]]\nfrom = 2026-01-01\nto = 2026-01-02\n\n[[person]]\nid = \"b\"\n"
    );
}

#[test]
fn an_array_holding_a_multi_line_array_is_over_lines_too() {
    let text = "[project]\nid = \"p\"\nx = [ [1, 2], [ # open\n   3,\n   4 ] ]\n";
    assert_eq!(
        project(text),
        "[project]\nid = \"p\"\nx = [\n  [1, 2],\n  [  # open\n    3,\n    4,\n  ],\n]\n"
    );
}

#[test]
fn crlf_and_a_byte_order_mark_become_plain_lines() {
    let text = "\u{feff}[project]\r\nid = \"p\"  # c\r\nx = [\r\n  1,\r\n]\r\n";
    assert_eq!(
        project(text),
        "[project]\nid = \"p\"  # c\nx = [\n  1,\n]\n"
    );
}

#[test]
fn formatting_twice_is_formatting_once() {
    let texts = [
        "# top\n\n[[work]]\nid=\"a\"\ntitle=\"A\" # c\n# under\n[project]\nid=\"p\"\nname=\"P\"\n\n\n# end\n",
        "x = 1\n# after x\n\n[project]\nid = \"p\"\n",
        "# only a comment\n\n\n# and another\n",
        "",
        "[project]\nid = \"p\"\ntags = [\n]\nb = [\n  # nothing yet\n]\n",
    ];
    for text in texts {
        let once = project(text);
        assert_eq!(project(&once), once, "from {text:?}");
    }
}

#[test]
fn a_file_that_does_not_parse_is_refused_with_its_line() {
    let err = format(FileKind::Project, "projects/p.toml", "[project]\nid = \n").unwrap_err();
    assert!(err.to_string().starts_with("projects/p.toml:2:"), "{err}");
}
