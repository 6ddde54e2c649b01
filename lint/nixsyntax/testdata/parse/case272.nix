with {}; ''a''\tb''
