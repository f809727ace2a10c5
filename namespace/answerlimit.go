package namespace

import (
	"errors"
	"fmt"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// answerTooLarge is a call whose answer grew past the service's limit
// (WithMaxAnswerBytes). It is answered with fault FAILED saying so: for
// a system.multicall, instead of the whole answer, naming the call that
// crossed the limit, after which no call ran.
type answerTooLarge struct {
	max   int
	calls int // in a multicall: the calls it holds
	at    int // in a multicall: the 1-based call that crossed the limit
}

func (e *answerTooLarge) Error() string {
	if e.calls == 0 {
		return fmt.Sprintf("the answer exceeds the limit of %d bytes", e.max)
	}
	return fmt.Sprintf("the answer exceeds the limit of %d bytes at call %d of %d: "+
		"system.multicall stopped there (calls 1 to %d ran, the others did not)", e.max, e.at, e.calls, e.at)
}

// tooLarge returns the answerTooLarge err stands for: the encoder's
// *xmlrpc.OutputLimitError, from a result (wrapped in encodeFailed) or
// from the multicall's own array, or one already made. ok is false for
// any other error.
func tooLarge(err error) (*answerTooLarge, bool) {
	if at, ok := errors.AsType[*answerTooLarge](err); ok {
		return at, true
	}
	if le, ok := errors.AsType[*xmlrpc.OutputLimitError](err); ok {
		return &answerTooLarge{max: le.Max}, true
	}
	return nil, false
}
