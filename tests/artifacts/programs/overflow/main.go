// Command overflow formats a value whose String method formats the value
// itself with %v: fmt calls String again, forever, until the goroutine's
// stack exceeds its limit ("fatal error: stack overflow"). The limit is
// lowered to 1 MB so the crash comes at once instead of after 1 GB.
package main

import (
	"fmt"
	"runtime/debug"
)

type celsius float64

func (c celsius) String() string {
	return fmt.Sprintf("%v°C", c) // %v calls String again
}

func main() {
	debug.SetMaxStack(1 << 20)
	fmt.Println(celsius(21.5))
}
