/* PLACEHOLDER: replaced by the CLI. */
#include <stdio.h>
int main(void)
{
	return 2;
}
