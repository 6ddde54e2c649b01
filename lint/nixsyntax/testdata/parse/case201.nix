with {}; [ (if a then b else c) ]
