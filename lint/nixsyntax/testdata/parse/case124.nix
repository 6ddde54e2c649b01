with {}; [ f x (f x) a.b c.d or e ]
