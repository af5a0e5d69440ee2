/** The part of mvdan-sh (mvdan/sh's JavaScript build, which ships no types) the shell oracle reads. */
declare module 'mvdan-sh' {
  interface Pos {
    Offset(): number;
  }
  interface Node {
    Pos(): Pos;
  }
  export interface Word extends Node {
    Parts: WordPart[];
  }
  export interface WordPart extends Node {
    /** Lit, SglQuoted: the text as written; DblQuoted: its parts. */
    Value: string;
    Parts: WordPart[];
    /** `$'…'` or `$"…"`, which the shell translates. */
    Dollar: boolean;
  }
  export interface Stmt extends Node {
    Cmd: Command;
    Redirs: unknown[];
    Background: boolean;
    Negated: boolean;
    Coprocess: boolean;
  }
  /** CallExpr (Args, Assigns) or BinaryCmd (X, Y, OpPos); other commands are not read. */
  export interface Command extends Node {
    Args: Word[];
    Assigns: unknown[];
    X: Stmt;
    Y: Stmt;
    OpPos: Pos;
  }
  interface File extends Node {
    Stmts: Stmt[];
  }
  const sh: {
    syntax: {
      NewParser(): { Parse(source: string, name: string): File };
      NodeType(node: Node): string;
    };
  };
  export default sh;
}
