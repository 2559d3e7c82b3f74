module github.com/mockekyc/mockekyc/examples/compose

go 1.26
