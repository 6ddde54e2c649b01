mirror://gnu/hello
