with {}; if a then if b then c else d else e
