// The directive limit counts every directive the operation would evaluate:
// those of the operation, its variables, fields and inline fragments, of
// each fragment spread, and of a fragment's definition and contents once per
// spread. graphql-armor's rule keeps one count per fragment and returns it
// for later spreads without their own directives, so forty
// `...F @include(if: true) @skip(if: false)` counted 2; this rule counts 80,
// in one memoised walk (linear in the document).
import type { ASTVisitor, DirectiveNode, OperationDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { Kind } from 'graphql';
import { FragmentMemo } from './fragment-memo.ts';
import { limitExceeded } from './limit-error.ts';

const count = (directives: readonly DirectiveNode[] | undefined) => directives?.length ?? 0;

/** The directives an operation evaluates, its fragments expanded. */
export function directiveCount(operation: OperationDefinitionNode, memo: FragmentMemo<number>): number {
  const ofSet = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      total += count(selection.directives);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        total += memo.get(selection.name.value, '', (fragment) => count(fragment.directives) + ofSet(fragment.selectionSet));
      } else if (selection.selectionSet) {
        total += ofSet(selection.selectionSet);
      }
    }
    return total;
  };
  const variables = (operation.variableDefinitions ?? []).reduce((sum, v) => sum + count(v.directives), 0);
  return count(operation.directives) + variables + ofSet(operation.selectionSet);
}

export function maxDirectivesRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const memo = new FragmentMemo(context.getDocument(), 0);
    return {
      OperationDefinition(operation) {
        const found = directiveCount(operation, memo);
        if (found > max) context.reportError(limitExceeded(`Directives limit of ${max} exceeded, found ${found}.`, 'directives', max, found));
      },
    };
  };
}
