// Command logprefix copies its standard input to standard output through a
// log.Logger with date, time and microseconds, one log line per input line,
// as a service that logs a child's stderr does. tests/artifacts/generate.sh
// passes a crash output through it to capture a traceback pasted from a log.
package main

import (
	"bufio"
	"log"
	"os"
)

func main() {
	logger := log.New(os.Stdout, "", log.LstdFlags|log.Lmicroseconds)
	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		logger.Println(lines.Text())
	}
	if err := lines.Err(); err != nil {
		log.Fatal(err)
	}
}
