with {}; let x = if a then b else c; in x
