module gotrap.test/programs

go 1.26
