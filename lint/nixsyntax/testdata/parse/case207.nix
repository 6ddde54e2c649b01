# comment
1
