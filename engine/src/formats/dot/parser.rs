//! A parser for the Graphviz DOT language (graphviz.org/doc/info/lang.html):
//! graphs, subgraphs, node, edge and attribute statements, quoted and HTML
//! strings, comments. Written here because the crates for it are GPL-licensed
//! (dot-parser) or bundle running the `dot` program (graphviz-rust), neither fit
//! for an engine that also runs in the browser.

use super::super::error::ImportError;

/// A parsed graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    /// `digraph` rather than `graph`.
    pub directed: bool,
    /// The graph's name, if any.
    pub name: Option<String>,
    /// Its statements.
    pub statements: Vec<Statement>,
}

/// Attributes as written: `key = value` pairs.
pub type Attributes = Vec<(String, String)>;

/// One statement with its line.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    /// `id [attributes]`.
    Node {
        /// Node id (port dropped).
        id: String,
        /// Its attributes.
        attributes: Attributes,
        /// Line of the statement.
        line: usize,
    },
    /// `a -> b -> c [attributes]`.
    Edge {
        /// The chain's ends, each a node or a subgraph.
        ends: Vec<EdgeEnd>,
        /// Attributes of every edge of the chain.
        attributes: Attributes,
        /// Line of the statement.
        line: usize,
    },
    /// `node [..]`, `edge [..]` or `graph [..]` defaults.
    Defaults {
        /// Which kind of element they apply to.
        target: DefaultsTarget,
        /// The attributes.
        attributes: Attributes,
    },
    /// `key = value` at graph level.
    Assign(String, String),
    /// A nested subgraph.
    Subgraph(Subgraph),
}

/// What a defaults statement applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultsTarget {
    /// `graph [..]`
    Graph,
    /// `node [..]`
    Node,
    /// `edge [..]`
    Edge,
}

/// An end of an edge chain.
#[derive(Clone, Debug, PartialEq)]
pub enum EdgeEnd {
    /// A node id.
    Node(String),
    /// Every node of a subgraph.
    Subgraph(Subgraph),
}

/// `subgraph name { … }` or an anonymous `{ … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Subgraph {
    /// Its name, if any (clusters start with `cluster`).
    pub name: Option<String>,
    /// Its statements.
    pub statements: Vec<Statement>,
    /// The line it starts on.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    /// A bare word or number; `node`, `edge`, `graph`, `digraph`, `subgraph`
    /// and `strict` are keywords.
    Id(String),
    /// A quoted or HTML string: always an id, even when it spells a keyword,
    /// so a module called `node` or `subgraph` reads back as that module.
    Quoted(String),
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    Equals,
    Semicolon,
    Comma,
    Colon,
    Arrow,
    Dash,
}

/// Deepest subgraph nesting accepted, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Parses DOT text; errors name the line.
pub fn parse(source: &str, text: &str) -> Result<Graph, ImportError> {
    let tokens = lex(source, text)?;
    let mut parser = Parser {
        source,
        tokens,
        position: 0,
        depth: 0,
    };
    let graph = parser.graph()?;
    if parser.position < parser.tokens.len() {
        return Err(parser.error("unexpected text after the closing '}' of the graph"));
    }
    Ok(graph)
}

fn lex(source: &str, text: &str) -> Result<Vec<(Token, usize)>, ImportError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let at_line_start = |i: usize, chars: &[char]| {
        chars[..i]
            .iter()
            .rev()
            .take_while(|c| **c != '\n')
            .all(|c| c.is_whitespace())
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            c if c.is_whitespace() => i += 1,
            '#' if at_line_start(i, &chars) => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let start = line;
                i += 2;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(ImportError::one(
                                source,
                                Some(start),
                                "comment /* is never closed",
                            ));
                        }
                        Some('*') if chars.get(i + 1) == Some(&'/') => {
                            i += 2;
                            break;
                        }
                        Some('\n') => line += 1,
                        Some(_) => {}
                    }
                    i += 1;
                }
            }
            '{' | '}' | '[' | ']' | '=' | ';' | ',' | ':' => {
                let token = match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    '[' => Token::OpenBracket,
                    ']' => Token::CloseBracket,
                    '=' => Token::Equals,
                    ';' => Token::Semicolon,
                    ',' => Token::Comma,
                    _ => Token::Colon,
                };
                tokens.push((token, line));
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'>') => {
                tokens.push((Token::Arrow, line));
                i += 2;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                tokens.push((Token::Dash, line));
                i += 2;
            }
            '"' => {
                let start = line;
                let mut value = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(ImportError::one(
                                source,
                                Some(start),
                                "quoted string is never closed",
                            ));
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => match chars.get(i + 1) {
                            Some('"') => {
                                value.push('"');
                                i += 2;
                            }
                            Some('\\') => {
                                value.push('\\');
                                i += 2;
                            }
                            Some('n') => {
                                value.push('\n');
                                i += 2;
                            }
                            Some('\n') => {
                                line += 1;
                                i += 2;
                            }
                            _ => {
                                value.push('\\');
                                i += 1;
                            }
                        },
                        Some(&ch) => {
                            if ch == '\n' {
                                line += 1;
                            }
                            value.push(ch);
                            i += 1;
                        }
                    }
                }
                // "a" + "b" concatenation.
                tokens.push((Token::Quoted(value), start));
            }
            '<' => {
                let start = line;
                let mut depth = 0usize;
                let mut value = String::new();
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(ImportError::one(
                                source,
                                Some(start),
                                "HTML string <…> is never closed",
                            ));
                        }
                        Some('<') => depth += 1,
                        Some('>') => depth -= 1,
                        Some('\n') => line += 1,
                        Some(_) => {}
                    }
                    value.push(chars[i]);
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
                tokens.push((Token::Quoted(value[1..value.len() - 1].to_string()), start));
            }
            c if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' || !c.is_ascii() => {
                let mut value = String::new();
                while let Some(&ch) = chars.get(i) {
                    let numeric_start = value.is_empty() && (ch == '-' || ch == '.');
                    if ch.is_alphanumeric()
                        || ch == '_'
                        || !ch.is_ascii()
                        || ch == '.'
                        || numeric_start
                    {
                        if ch == '-' && !value.is_empty() {
                            break;
                        }
                        value.push(ch);
                        i += 1;
                    } else {
                        break;
                    }
                }
                tokens.push((Token::Id(value), line));
            }
            other => {
                return Err(ImportError::one(
                    source,
                    Some(line),
                    format!("unexpected character '{other}'"),
                ));
            }
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<(Token, usize)>,
    position: usize,
    depth: usize,
}

impl Parser<'_> {
    fn line(&self) -> usize {
        self.tokens
            .get(self.position)
            .or_else(|| self.tokens.last())
            .map_or(1, |(_, line)| *line)
    }

    fn error(&self, message: impl Into<String>) -> ImportError {
        ImportError::one(self.source, Some(self.line()), message)
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position).map(|(t, _)| t)
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Id(id)) if id.eq_ignore_ascii_case(word))
    }

    fn expect(&mut self, token: Token, what: &str) -> Result<(), ImportError> {
        if self.peek() == Some(&token) {
            self.position += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {what}")))
        }
    }

    /// Whether the next token is an id, bare or quoted.
    fn at_id(&self) -> bool {
        matches!(self.peek(), Some(Token::Id(_) | Token::Quoted(_)))
    }

    fn id(&mut self, what: &str) -> Result<String, ImportError> {
        match self.peek() {
            Some(Token::Id(id) | Token::Quoted(id)) => {
                let id = id.clone();
                self.position += 1;
                Ok(id)
            }
            _ => Err(self.error(format!("expected {what}"))),
        }
    }

    fn graph(&mut self) -> Result<Graph, ImportError> {
        if self.keyword("strict") {
            self.position += 1;
        }
        let directed = if self.keyword("digraph") {
            true
        } else if self.keyword("graph") {
            false
        } else {
            return Err(self.error("expected 'digraph' at the start"));
        };
        self.position += 1;
        let name = if self.at_id() {
            Some(self.id("a graph name")?)
        } else {
            None
        };
        let statements = self.block()?;
        Ok(Graph {
            directed,
            name,
            statements,
        })
    }

    fn block(&mut self) -> Result<Vec<Statement>, ImportError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("subgraphs nested deeper than {MAX_DEPTH}")));
        }
        self.expect(Token::Open, "'{'")?;
        let mut statements = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.error("missing '}' at the end")),
                Some(Token::Close) => {
                    self.position += 1;
                    break;
                }
                Some(Token::Semicolon) => self.position += 1,
                _ => statements.push(self.statement()?),
            }
        }
        self.depth -= 1;
        Ok(statements)
    }

    fn statement(&mut self) -> Result<Statement, ImportError> {
        let line = self.line();
        for (word, target) in [
            ("graph", DefaultsTarget::Graph),
            ("node", DefaultsTarget::Node),
            ("edge", DefaultsTarget::Edge),
        ] {
            if self.keyword(word)
                && self.tokens.get(self.position + 1).map(|(t, _)| t) == Some(&Token::OpenBracket)
            {
                self.position += 1;
                let attributes = self.attributes()?;
                return Ok(Statement::Defaults { target, attributes });
            }
        }
        let first = self.end()?;
        if matches!(self.peek(), Some(Token::Arrow | Token::Dash)) {
            let mut ends = vec![first];
            while let Some(Token::Arrow | Token::Dash) = self.peek() {
                self.position += 1;
                ends.push(self.end()?);
            }
            let attributes = self.optional_attributes()?;
            return Ok(Statement::Edge {
                ends,
                attributes,
                line,
            });
        }
        match first {
            EdgeEnd::Subgraph(subgraph) => Ok(Statement::Subgraph(subgraph)),
            EdgeEnd::Node(id) => {
                if self.peek() == Some(&Token::Equals) {
                    self.position += 1;
                    let value = self.id("a value after '='")?;
                    return Ok(Statement::Assign(id, value));
                }
                let attributes = self.optional_attributes()?;
                Ok(Statement::Node {
                    id,
                    attributes,
                    line,
                })
            }
        }
    }

    fn end(&mut self) -> Result<EdgeEnd, ImportError> {
        let line = self.line();
        if self.keyword("subgraph") {
            self.position += 1;
            let name = if self.at_id() {
                Some(self.id("a subgraph name")?)
            } else {
                None
            };
            let statements = self.block()?;
            return Ok(EdgeEnd::Subgraph(Subgraph {
                name,
                statements,
                line,
            }));
        }
        if self.peek() == Some(&Token::Open) {
            let statements = self.block()?;
            return Ok(EdgeEnd::Subgraph(Subgraph {
                name: None,
                statements,
                line,
            }));
        }
        let id = self.id("a node id, a subgraph or '}'")?;
        // Ports (`node:port:compass`) are dropped.
        while self.peek() == Some(&Token::Colon) {
            self.position += 1;
            self.id("a port after ':'")?;
        }
        Ok(EdgeEnd::Node(id))
    }

    fn optional_attributes(&mut self) -> Result<Attributes, ImportError> {
        if self.peek() == Some(&Token::OpenBracket) {
            self.attributes()
        } else {
            Ok(Vec::new())
        }
    }

    fn attributes(&mut self) -> Result<Attributes, ImportError> {
        let mut attributes = Vec::new();
        while self.peek() == Some(&Token::OpenBracket) {
            self.position += 1;
            loop {
                match self.peek() {
                    Some(Token::CloseBracket) => {
                        self.position += 1;
                        break;
                    }
                    Some(Token::Comma | Token::Semicolon) => self.position += 1,
                    Some(Token::Id(_) | Token::Quoted(_)) => {
                        let key = self.id("an attribute name")?;
                        self.expect(Token::Equals, "'=' after an attribute name")?;
                        let value = self.id("an attribute value")?;
                        attributes.push((key, value));
                    }
                    _ => return Err(self.error("expected an attribute or ']'")),
                }
            }
        }
        Ok(attributes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nodes_edges_subgraphs_and_comments() {
        let graph = parse(
            "g.dot",
            "// comment\ndigraph G {\n  node [shape=box];\n  a [label=\"A \\\"x\\\"\", team=Pay];\n  a -> b -> c [weight=3];\n  subgraph cluster_1 { label=\"One\"; b; c }\n  /* block */ d:p1 -> {e f}\n}\n",
        )
        .unwrap();
        assert!(graph.directed);
        assert_eq!(graph.name.as_deref(), Some("G"));
        assert_eq!(graph.statements.len(), 5);
        assert_eq!(
            graph.statements[1],
            Statement::Node {
                id: "a".into(),
                attributes: vec![
                    ("label".into(), "A \"x\"".into()),
                    ("team".into(), "Pay".into())
                ],
                line: 4
            }
        );
        let Statement::Edge { ends, line, .. } = &graph.statements[2] else {
            panic!()
        };
        assert_eq!(ends.len(), 3);
        assert_eq!(*line, 5);
    }

    #[test]
    fn errors_name_the_line() {
        let error = parse("x.dot", "digraph {\n a -> \n}").unwrap_err();
        assert_eq!(
            error.to_string(),
            "x.dot:3: expected a node id, a subgraph or '}'"
        );
        let error = parse("x.dot", "digraph {\n a [label=\"open\n}").unwrap_err();
        assert_eq!(error.to_string(), "x.dot:2: quoted string is never closed");
        let deep = format!("digraph {{ {} }}", "{".repeat(100));
        assert!(
            parse("x.dot", &deep)
                .unwrap_err()
                .to_string()
                .contains("nested deeper")
        );
    }
}
