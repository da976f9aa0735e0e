use super::conflict_marker;

/// The plain definition: the offset of the first line starting with a marker.
fn by_lines(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if ["<<<<<<<", ">>>>>>>", "|||||||"]
            .iter()
            .any(|m| line.starts_with(m))
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

#[test]
fn conflict_marker_finds_the_first_marker_line() {
    let cases = [
        "",
        "<<<<<<<",
        "<<<<<<",
        "a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> other\n",
        "a = \"<<<<<<< not at a line start\"\n",
        "a = 1\n||||||| base\n<<<<<<< x\n",
        "a = 1\r\n>>>>>>> theirs\r\n",
        "x = \"<<\"\n<<<<<<<<<<\n",
        "é = 1\n|||||||\n",
        "<>|<>|\n<<<<<<>\n>>>>>>|\n",
        "a\n\n>>>>>>>",
    ];
    for text in cases {
        assert_eq!(conflict_marker(text), by_lines(text), "{text:?}");
    }
}
