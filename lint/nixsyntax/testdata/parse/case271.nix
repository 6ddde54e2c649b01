with {}; ''a''\nb''
