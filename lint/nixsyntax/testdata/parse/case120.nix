let inherit ({ x = 1; }) x; in x
