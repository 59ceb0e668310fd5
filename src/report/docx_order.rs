//! The Word schema fixes the order of a properties element's children
//! (`w:pPr`, `w:rPr`, …); docx-rs writes some of them in its own order.
//! Word repairs such a file or refuses it, so every part is put back in the
//! schema's order before it is packed.
//!
//! docx-rs's output is regular XML without comments or CDATA, and user
//! text appears only as escaped character data, which this pass copies as
//! it is.

/// The child order of each properties element (ECMA-376 part 1).
const ORDER: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
    ),
    (
        "w:trPr",
        &[
            "w:cnfStyle",
            "w:divId",
            "w:gridBefore",
            "w:gridAfter",
            "w:wBefore",
            "w:wAfter",
            "w:cantSplit",
            "w:trHeight",
            "w:tblHeader",
            "w:tblCellSpacing",
            "w:jc",
            "w:hidden",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
];

enum Node<'a> {
    /// Character data, a declaration, a self-contained tag.
    Raw(&'a str),
    Element {
        name: &'a str,
        open: &'a str,
        children: Vec<Node<'a>>,
        close: &'a str,
    },
}

fn tag_name(tag: &str) -> &str {
    let inner = tag.trim_start_matches(['<', '/']);
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(inner.len());
    &inner[..end]
}

/// Parses `xml` from `at` until the closing tag of the enclosing element.
fn parse<'a>(xml: &'a str, at: &mut usize) -> Result<Vec<Node<'a>>, String> {
    let mut out = Vec::new();
    while *at < xml.len() {
        let rest = &xml[*at..];
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            out.push(Node::Raw(&rest[..end]));
            *at += end;
            continue;
        }
        let end = rest.find('>').ok_or("an unclosed tag")? + 1;
        let tag = &rest[..end];
        if tag.starts_with("</") {
            return Ok(out);
        }
        *at += end;
        if tag.starts_with("<?") || tag.ends_with("/>") {
            out.push(Node::Raw(tag));
            continue;
        }
        let children = parse(xml, at)?;
        let rest = &xml[*at..];
        let close_end = rest.find('>').ok_or("an unclosed element")? + 1;
        let close = &rest[..close_end];
        if tag_name(close) != tag_name(tag) {
            return Err(format!("<{}> closed by {close}", tag_name(tag)));
        }
        *at += close_end;
        out.push(Node::Element {
            name: tag_name(tag),
            open: tag,
            children,
            close,
        });
    }
    Ok(out)
}

fn name_of<'a>(n: &Node<'a>) -> Option<&'a str> {
    match n {
        Node::Raw(t) if t.starts_with('<') && !t.starts_with("<?") => Some(tag_name(t)),
        Node::Element { name, .. } => Some(name),
        Node::Raw(_) => None,
    }
}

fn write(nodes: &mut [Node<'_>], parent: &str, out: &mut String) {
    if let Some((_, order)) = ORDER.iter().find(|(p, _)| *p == parent) {
        // Unknown children keep their place after the known ones.
        nodes.sort_by_key(|n| {
            name_of(n)
                .and_then(|c| order.iter().position(|o| *o == c))
                .unwrap_or(order.len())
        });
    }
    for n in nodes {
        match n {
            Node::Raw(t) => out.push_str(t),
            Node::Element {
                name,
                open,
                children,
                close,
            } => {
                out.push_str(open);
                write(children, name, out);
                out.push_str(close);
            }
        }
    }
}

/// `xml` with every properties element's children in the schema's order.
pub fn schema_order(xml: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let mut at = 0;
    let mut nodes = parse(text, &mut at)?;
    if at != text.len() {
        return Err("a closing tag without its element".into());
    }
    let mut out = String::with_capacity(text.len());
    write(&mut nodes, "", &mut out);
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_come_in_schema_order_and_text_is_kept() {
        let xml = "<?xml version=\"1.0\"?><w:p><w:pPr><w:rPr><w:sz w:val=\"26\" /><w:b /></w:rPr><w:jc w:val=\"center\" /><w:keepNext /></w:pPr><w:r><w:t xml:space=\"preserve\">a &amp; b &lt;c&gt;</w:t></w:r></w:p>";
        let out = String::from_utf8(schema_order(xml.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?><w:p><w:pPr><w:keepNext /><w:jc w:val=\"center\" /><w:rPr><w:b /><w:sz w:val=\"26\" /></w:rPr></w:pPr><w:r><w:t xml:space=\"preserve\">a &amp; b &lt;c&gt;</w:t></w:r></w:p>"
        );
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(schema_order(b"<w:p><w:pPr></w:p>").is_err());
        assert!(schema_order(b"<w:p").is_err());
    }
}
