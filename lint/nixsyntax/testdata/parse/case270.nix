with {}; ''a''\'b''
